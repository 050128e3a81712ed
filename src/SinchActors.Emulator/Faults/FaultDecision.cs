namespace SinchActors.Emulator.Faults;

/// <summary>What to do to one request at one point: wait, then fail with <see cref="Failure"/> when it is set.</summary>
internal readonly record struct FaultDecision(TimeSpan Latency, FaultRule? Failure)
{
    public static readonly FaultDecision None = default;
}
