namespace SinchActors.Emulator.Faults;

/// <summary>The whole fault configuration: a random seed and the rules, evaluated in order. Body of <c>/_emulator/faults</c>.</summary>
public sealed record FaultSettings
{
    /// <summary>Seed of the random that decides probabilities and jitter; the same seed and requests give the same faults. Null: unseeded.</summary>
    public int? Seed { get; set; }

    /// <summary>Rules in evaluation order. For one request all matching latency rules add up; the first matching failing rule wins.</summary>
    public List<FaultRule> Rules { get; set; } = [];
}
