using System.Diagnostics;

namespace SinchActors.Cli.Load;

/// <summary>Per-caller latency lists (no shared state on the hot path), merged into percentiles at the end.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<long>[] _perCaller;

    public LatencyRecorder(int callers)
    {
        _perCaller = new List<long>[callers];
        for (var i = 0; i < callers; i++)
            _perCaller[i] = new List<long>(1024);
    }

    /// <summary>Records one call of caller <paramref name="caller"/>; only that caller writes its list.</summary>
    public void Record(int caller, long elapsedTimestampTicks) => _perCaller[caller].Add(elapsedTimestampTicks);

    /// <summary>Percentiles in milliseconds; call once the callers have stopped.</summary>
    public LatencySummary Summarize()
    {
        var all = _perCaller.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LatencySummary(Millis(Percentile(all, 0.50)), Millis(Percentile(all, 0.95)), Millis(Percentile(all, 0.99)),
            Millis(all.Length == 0 ? 0 : all[^1]));
    }

    private static long Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double Millis(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 2);
}

/// <summary>Call latency percentiles in milliseconds, retries and back-off included.</summary>
internal sealed record LatencySummary(double P50, double P95, double P99, double Max);
