namespace SinchActors.Benchmarks;

/// <summary>
/// Throughput and added latency: the same GET through a raw <see cref="HttpClient"/> with a pre-fetched token and
/// through SinchActors — <see cref="Requests.ISinchClient"/> (<c>throughput</c>, P1/P4) or an <see cref="HttpClient"/>
/// over <see cref="Hosting.SinchActorsHandler"/> (<c>handler-throughput</c>, P7). Targets: throughput ratio ≥ 0.95 at
/// high concurrency; added median latency ≤ 20 µs with one caller.
/// </summary>
/// <remarks>
/// How the ratio is taken. On the shared 2-core machine both sides' rates switch between a fast and a slow mode (±20%)
/// for tens of seconds at a time, with the thread pool pinned too (<c>--threads</c>), far more than the difference
/// being measured. So the sides
/// run in <b>pairs</b> of short back-to-back rounds, alternating which goes first, and the figure is the median of the
/// pairs' ratios: a pair shares the machine's conditions, so the drift cancels within it. Both sides are warmed up
/// first, alternately: under load the JIT takes several seconds to finish tiering (a cold side's rate climbs for 5–8 s).
/// </remarks>
internal static class ThroughputScenario
{
    private static readonly TimeSpan WarmUpRound = TimeSpan.FromSeconds(2);

    /// <summary>15 pairs of 2 s rounds at 64 callers (then the same at one caller): about two minutes in all.</summary>
    public static BenchArgs Defaults { get; } = BenchArgs.Default with { Seconds = 2, Rounds = 15 };

    public static async Task RunAsync(BenchArgs args, bool handler = false)
    {
        if (args.Threads > 0 && !(ThreadPool.SetMaxThreads(args.Threads, args.Threads) && ThreadPool.SetMinThreads(args.Threads, args.Threads)))
            throw new ArgumentException($"--threads {args.Threads}: the thread pool refused that size (at least the processor count).");
        await using var env = await BenchEnvironment.StartAsync(maxInFlight: Math.Max(args.Concurrency * 2, 1_000));
        var round = TimeSpan.FromSeconds(args.Seconds);
        Func<Task> sinchCall = handler ? env.HandlerCallAsync : env.SinchCallAsync;
        var side = handler ? "HttpClient+handler" : "SinchActors";

        var threads = args.Threads > 0 ? $"{args.Threads} pool threads" : "pool sized by the runtime";
        Console.WriteLine($"# throughput of {side}: GET access key, {args.Concurrency} concurrent callers, {args.Rounds} pairs of {args.Seconds} s rounds, {threads}");
        for (var i = 0; i < 4; i++)
            await LoadLoop.RunAsync(i % 2 == 0 ? env.RawCallAsync : sinchCall, args.Concurrency, WarmUpRound);
        var load = await CompareAsync(env.RawCallAsync, sinchCall, args.Concurrency, round, args.Rounds, label: side);
        Console.WriteLine($"raw HttpClient   {load.Raw.PerSecond,10:N0} req/s   p50 {load.Raw.MedianMicros,7:N0} µs   CPU {load.Raw.CpuMicrosPerCall,5:N1} µs/call   failed {load.Raw.Failed}   (median round)");
        Console.WriteLine($"{side,-16} {load.Sinch.PerSecond,10:N0} req/s   p50 {load.Sinch.MedianMicros,7:N0} µs   CPU {load.Sinch.CpuMicrosPerCall,5:N1} µs/call   failed {load.Sinch.Failed}   (median round)");
        Console.WriteLine($"throughput ratio ({side} / raw), median of {args.Rounds} pairs: {load.Ratio:0.000} " +
            $"(quartiles {load.RatioLow:0.000}-{load.RatioHigh:0.000})   target >= 0.95");
        Console.WriteLine($"added CPU per call, median of the pairs: {load.AddedCpuMicros:0.0} µs");

        Console.WriteLine("# latency: one caller");
        var solo = await CompareAsync(env.RawCallAsync, sinchCall, concurrency: 1, round, args.Rounds, label: null);
        var addedMicros = solo.Sinch.MedianMicros - solo.Raw.MedianMicros;
        Console.WriteLine($"raw HttpClient   p50 {solo.Raw.MedianMicros,7:N1} µs   {side} p50 {solo.Sinch.MedianMicros,7:N1} µs");
        Console.WriteLine($"added median latency: {addedMicros:0.0} µs   target <= 20 µs");
        BenchResults.Write(handler ? "handler-throughput" : "throughput",
            inputs: new { args.Concurrency, args.Seconds, pairs = args.Rounds, args.Threads },
            outputs: new
            {
                ratio = load.Ratio, ratioLowQuartile = load.RatioLow, ratioHighQuartile = load.RatioHigh,
                rawPerSecond = load.Raw.PerSecond, sinchPerSecond = load.Sinch.PerSecond, failed = load.Raw.Failed + load.Sinch.Failed,
                addedCpuMicrosPerCall = load.AddedCpuMicros,
                rawMedianMicrosOneCaller = solo.Raw.MedianMicros, sinchMedianMicrosOneCaller = solo.Sinch.MedianMicros, addedMicros,
            },
            target: handler
                ? "throughput ratio >= 0.95 and added median latency at one caller <= 20 µs (P7)"
                : "throughput ratio >= 0.95 (P1); added median latency at one caller <= 20 µs (P4)",
            met: load.Ratio >= 0.95 && addedMicros <= 20);
    }

    /// <summary>
    /// Runs <paramref name="pairs"/> pairs of rounds, alternating which side goes first; keeps each side's median round
    /// and the median and quartiles of the pairs' throughput ratios and CPU differences; prints each pair under
    /// <paramref name="label"/> unless it is null.
    /// </summary>
    private static async Task<Comparison> CompareAsync(Func<Task> rawCall, Func<Task> sinchCall, int concurrency, TimeSpan round, int pairs, string? label)
    {
        var raw = new List<LoadResult>();
        var sinch = new List<LoadResult>();
        var ratios = new List<double>();
        var addedCpu = new List<double>();
        for (var i = 0; i < pairs; i++)
        {
            LoadResult r, s;
            if (i % 2 == 0)
            {
                r = await LoadLoop.RunAsync(rawCall, concurrency, round);
                s = await LoadLoop.RunAsync(sinchCall, concurrency, round);
            }
            else
            {
                s = await LoadLoop.RunAsync(sinchCall, concurrency, round);
                r = await LoadLoop.RunAsync(rawCall, concurrency, round);
            }
            raw.Add(r);
            sinch.Add(s);
            ratios.Add(s.PerSecond / r.PerSecond);
            addedCpu.Add(s.CpuMicrosPerCall - r.CpuMicrosPerCall);
            if (label is not null)
                Console.WriteLine($"  pair {i + 1,2}: raw {r.PerSecond,8:N0} req/s {r.CpuMicrosPerCall,5:N1} µs CPU   " +
                    $"{label} {s.PerSecond,8:N0} req/s {s.CpuMicrosPerCall,5:N1} µs CPU   ratio {ratios[^1]:0.000}");
        }
        ratios.Sort();
        addedCpu.Sort();
        return new Comparison(Median(raw), Median(sinch), Quantile(ratios, 0.5), Quantile(ratios, 0.25), Quantile(ratios, 0.75),
            Quantile(addedCpu, 0.5));
    }

    private static LoadResult Median(List<LoadResult> results) => results.OrderBy(r => r.PerSecond).ElementAt(results.Count / 2);

    private static double Quantile(List<double> sorted, double q) => sorted[(int)Math.Round(q * (sorted.Count - 1))];

    private sealed record Comparison(LoadResult Raw, LoadResult Sinch, double Ratio, double RatioLow, double RatioHigh, double AddedCpuMicros);
}
