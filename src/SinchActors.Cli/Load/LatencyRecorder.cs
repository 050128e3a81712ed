using System.Diagnostics;

namespace SinchActors.Cli.Load;

/// <summary>Per-caller latency lists (no shared state on the hot path), merged into percentiles and a histogram at the end.</summary>
internal sealed class LatencyRecorder
{
    /// <summary>The histogram's upper bounds in milliseconds (1-2-5 steps); slower calls fall into a last, open bucket.</summary>
    public static readonly double[] BucketBoundsMs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000];

    private readonly List<long>[] _perCaller;

    public LatencyRecorder(int callers)
    {
        _perCaller = new List<long>[callers];
        for (var i = 0; i < callers; i++)
            _perCaller[i] = new List<long>(1024);
    }

    /// <summary>Records one call of caller <paramref name="caller"/>; only that caller writes its list.</summary>
    public void Record(int caller, long elapsedTimestampTicks) => _perCaller[caller].Add(elapsedTimestampTicks);

    /// <summary>Percentiles and histogram in milliseconds; call once the callers have stopped.</summary>
    public LatencySummary Summarize() => Summarize(_perCaller.SelectMany(l => l).Select(Millis));

    public static LatencySummary Summarize(IEnumerable<double> millis)
    {
        var all = millis.ToArray();
        Array.Sort(all);
        var counts = new long[BucketBoundsMs.Length + 1];
        foreach (var ms in all)
        {
            var bucket = Array.BinarySearch(BucketBoundsMs, ms);
            counts[bucket >= 0 ? bucket : ~bucket]++;
        }
        var histogram = counts.Select((count, i) => new LatencyBucket(i < BucketBoundsMs.Length ? BucketBoundsMs[i] : null, count)).ToList();
        return new LatencySummary(Round(Percentile(all, 0.50)), Round(Percentile(all, 0.95)), Round(Percentile(all, 0.99)),
            Round(all.Length == 0 ? 0 : all[^1]), histogram);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double Millis(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Round(double ms) => Math.Round(ms, 2);
}

/// <summary>Call latency in milliseconds, retries and back-off included.</summary>
/// <param name="P50">The median.</param>
/// <param name="P95">The 95th percentile.</param>
/// <param name="P99">The 99th percentile.</param>
/// <param name="Max">The slowest call.</param>
/// <param name="Histogram">Calls per bucket, in the order of <see cref="LatencyRecorder.BucketBoundsMs"/>, then the open bucket.</param>
internal sealed record LatencySummary(double P50, double P95, double P99, double Max, IReadOnlyList<LatencyBucket> Histogram)
{
    public static LatencySummary Empty { get; } = LatencyRecorder.Summarize([]);
}

/// <summary>Calls that took more than the previous bucket's bound and at most <paramref name="UpToMs"/> (null: no bound).</summary>
internal sealed record LatencyBucket(double? UpToMs, long Count);
