namespace SinchActors.Benchmarks;

/// <summary>
/// One side of <see cref="ThroughputScenario"/> alone (<c>load-raw</c> or <c>load-sinch</c>), for a profiler attached
/// to the process: the same GET, closed loop, <c>--rounds</c> rounds of <c>--seconds</c>; prints each round's rate and
/// CPU per call.
/// </summary>
internal static class OneSideScenario
{
    public static async Task RunAsync(bool sinch, BenchArgs args)
    {
        await using var env = await BenchEnvironment.StartAsync(maxInFlight: Math.Max(args.Concurrency * 2, 1_000));
        Func<Task> call = sinch ? env.SinchCallAsync : env.RawCallAsync;
        Console.WriteLine($"# {(sinch ? "SinchActors" : "raw HttpClient")}: {args.Concurrency} callers, pid {Environment.ProcessId}");
        await LoadLoop.RunAsync(call, args.Concurrency, TimeSpan.FromSeconds(1));
        for (var i = 0; i < args.Rounds; i++)
        {
            var gcs = GC.CollectionCount(0);
            var result = await LoadLoop.RunAsync(call, args.Concurrency, TimeSpan.FromSeconds(args.Seconds));
            Console.WriteLine($"{result.PerSecond,10:N0} req/s   CPU {result.CpuMicrosPerCall,5:N1} µs/call   failed {result.Failed}   " +
                $"pool threads {ThreadPool.ThreadCount}   gen0 GCs {GC.CollectionCount(0) - gcs}");
        }
    }
}
