using System.Diagnostics;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Requests;

namespace SinchActors.Benchmarks;

/// <summary>
/// The refresh wave in real time, scaled down: <c>--projects</c> keys (10,000 by default) get their first tokens as
/// fast as <c>max-token-requests-per-second</c> allows, with tokens living <c>--lifetime</c> seconds (120 by
/// default), so every key refreshes 0.75–0.85 of a lifetime later. One caller calls a separate warm project the whole
/// time; its latency in the quiet stretch between the first tokens and the wave is compared with its latency while
/// the wave runs. Token requests per second are sampled at the emulator.
/// </summary>
internal static class RefreshWaveScenario
{
    public static BenchArgs Defaults { get; } = BenchArgs.Default with { Projects = 10_000, Lifetime = 120 };

    public static async Task RunAsync(BenchArgs args)
    {
        var lifetime = TimeSpan.FromSeconds(args.Lifetime);
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
        {
            TokenLifetime = lifetime, TokenBucketCapacity = 1_000_000, TokenBucketRefillPerSecond = 1_000_000,
        });
        var keys = Enumerable.Range(0, args.Projects).Select(i => emulator.SeedKey($"wave-{i}", $"wave-key-{i}", $"wave-secret-{i}")).ToArray();
        var warmKey = emulator.SeedKey("warm", "warm-key", "warm-secret");
        var system = BenchEnvironment.CreateSystem();
        var runtime = BenchEnvironment.CreateRuntime(system, emulator, maxInFlight: 20_000,
            keys.Append(warmKey).Select(k => new SinchCredentials(k.ProjectId, k.KeyId, k.Secret, emulator.TokenUrl)));
        var warm = new SinchRequest(HttpMethod.Get, warmKey.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{warmKey.ProjectId}/accessKeys");
        await runtime.Client.SendAsync(warm);

        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(args.Lifetime * 0.9) + TimeSpan.FromSeconds(args.Projects / 200.0 + 10);
        using var stop = new CancellationTokenSource(end);
        var latencies = new List<(double At, double Micros)>();
        var caller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                await runtime.Client.SendAsync(warm);
                latencies.Add((clock.Elapsed.TotalSeconds, Stopwatch.GetElapsedTime(start).TotalMicroseconds));
                await Task.Delay(10);
            }
        });
        var firstCalls = Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (key, _) =>
            await runtime.Client.SendAsync(new SinchRequest(HttpMethod.Get, key.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{key.ProjectId}/accessKeys")));

        var perSecond = new List<long>();
        long seen = 0;
        using (var tick = new PeriodicTimer(TimeSpan.FromSeconds(1)))
        {
            while (!stop.IsCancellationRequested && await tick.WaitForNextTickAsync())
            {
                var issued = keys.Sum(k => (long)emulator.Stats.Tokens(k.KeyId).Issued);
                perSecond.Add(issued - seen);
                seen = issued;
            }
        }
        await firstCalls;
        await caller;
        var warmedAt = perSecond.FindIndex(n => n == 0) is var quiet and >= 0 ? quiet : perSecond.Count;
        var waveSeconds = Enumerable.Range(warmedAt, perSecond.Count - warmedAt).Where(s => perSecond[s] > 0).ToArray();
        var quietLatency = latencies.Where(l => l.At > warmedAt + 2 && (waveSeconds.Length == 0 || l.At < waveSeconds[0] - 2)).Select(l => l.Micros).ToList();
        var waveLatency = latencies.Where(l => waveSeconds.Contains((int)l.At)).Select(l => l.Micros).ToList();
        var refreshes = waveSeconds.Sum(s => perSecond[s]);
        var cap = runtime.ProjectSettings.MaxTokenRequestsPerSecond;

        Console.WriteLine($"# refresh wave in real time: {args.Projects:N0} keys, tokens living {args.Lifetime} s, cap {cap}/s");
        Console.WriteLine($"first tokens done by {warmedAt} s; wave {waveSeconds.FirstOrDefault()}–{waveSeconds.LastOrDefault()} s: {refreshes:N0} refreshes, peak {perSecond.Max()}/s");
        Console.WriteLine($"warm project, quiet: p50 {Percentile(quietLatency, 0.5):N0} µs  p99 {Percentile(quietLatency, 0.99):N0} µs ({quietLatency.Count} calls)");
        Console.WriteLine($"warm project, during the wave: p50 {Percentile(waveLatency, 0.5):N0} µs  p99 {Percentile(waveLatency, 0.99):N0} µs ({waveLatency.Count} calls)");
        BenchResults.Write("refresh-wave",
            inputs: new { args.Projects, lifetimeSeconds = args.Lifetime, capPerSecond = cap },
            outputs: new
            {
                firstTokensDoneSecond = warmedAt, waveFrom = waveSeconds.FirstOrDefault(), waveTo = waveSeconds.LastOrDefault(), refreshes, peakPerSecond = perSecond.Max(),
                quietMicros = new { p50 = Percentile(quietLatency, 0.5), p99 = Percentile(quietLatency, 0.99), calls = quietLatency.Count },
                waveMicros = new { p50 = Percentile(waveLatency, 0.5), p99 = Percentile(waveLatency, 0.99), calls = waveLatency.Count },
                series = perSecond,
            },
            target: "token requests per second never above the cap; the warm project's latency during the wave stays near its quiet latency",
            met: perSecond.Max() <= cap);

        await runtime.DisposeAsync();
        await system.Terminate();
    }

    private static double Percentile(List<double> values, double fraction)
    {
        if (values.Count == 0)
            return 0;
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, fraction * sorted.Count)];
    }
}
