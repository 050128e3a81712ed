using SinchActors.Cli.Load;

namespace SinchActors.Cli.Output;

/// <summary>One reading of a run's progress.</summary>
/// <param name="Elapsed">Since the meter was created (the run's start).</param>
/// <param name="PerSecond">Calls completed per second since the previous reading.</param>
/// <param name="Remaining">Time left at the average rate so far (or of the duration); null while unknown.</param>
/// <param name="AveragePerSecond">Calls completed per second since the start.</param>
internal readonly record struct ProgressSample(TimeSpan Elapsed, double PerSecond, TimeSpan? Remaining, double AveragePerSecond);

/// <summary>
/// Reads a load run's counters against its plan: how far along it is, how fast it goes and how long it has left.
/// The live progress bar and the plain progress lines both show its samples.
/// </summary>
internal sealed class ProgressMeter(LoadPlan plan, LoadCounters counters, TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();
    private TimeSpan _lastAt;
    private long _lastCompleted;

    public LoadCounters Counters => counters;

    /// <summary>The number the bar counts to: calls, or whole seconds of a <c>--duration</c> run.</summary>
    public double Total => plan.Duration is { } duration ? Math.Ceiling(duration.TotalSeconds) : plan.Requests;

    public ProgressSample Sample()
    {
        var elapsed = time.GetElapsedTime(_start);
        var completed = counters.Completed;
        var interval = (elapsed - _lastAt).TotalSeconds;
        var rate = interval > 0 ? (completed - _lastCompleted) / interval : 0;
        (_lastAt, _lastCompleted) = (elapsed, completed);

        var average = elapsed > TimeSpan.Zero ? completed / elapsed.TotalSeconds : 0;
        if (plan.Duration is { } duration)
        {
            var left = duration - elapsed;
            return new ProgressSample(elapsed, rate, left > TimeSpan.Zero ? left : TimeSpan.Zero, average);
        }
        TimeSpan? remaining = average > 0 ? TimeSpan.FromSeconds((plan.Requests - completed) / average) : null;
        return new ProgressSample(elapsed, rate, remaining, average);
    }
}
