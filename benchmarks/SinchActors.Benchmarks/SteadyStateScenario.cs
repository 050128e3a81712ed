using System.Diagnostics;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Emulator.Stats;
using SinchActors.Requests;

namespace SinchActors.Benchmarks;

/// <summary>
/// Steady state: closed-loop load over a few projects while the emulator issues short tokens, so each key refreshes
/// many times. By default the emulator issues them as most OAuth2 servers do, each lifetime starting at the issuing
/// second rounded down (<c>--whole-second-tokens 0</c>: exactly when issued). Target per key: token requests ≤
/// lifetimes begun + 1, and no expired-token 401 and no failed call over the whole run. A token's lifetime begins when
/// the one before it is renewed, which the product does at 80% ± 5% of what the server's whole second leaves of the
/// lifetime L, so over a time T at most ⌈T / 0.75 (L − 1 s)⌉ lifetimes begin. Counting whole lifetimes instead
/// (⌈T / L⌉ + 1) cannot hold past a few lifetimes with any renewal before expiry; the scenario prints that figure
/// too, and the verdict uses the renewal schedule the product is specified with.
/// </summary>
internal static class SteadyStateScenario
{
    public static BenchArgs Defaults { get; } = BenchArgs.Default with { Seconds = 60, Lifetime = 10, Projects = 8, Concurrency = 16, WholeSecondTokens = true };

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(BenchArgs args)
    {
        var lifetime = TimeSpan.FromSeconds(args.Lifetime);
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
        {
            TokenLifetime = lifetime, WholeSecondTokens = args.WholeSecondTokens, TokenBucketCapacity = 1_000, TokenBucketRefillPerSecond = 1_000,
        });
        var keys = Enumerable.Range(0, args.Projects).Select(i => emulator.SeedKey($"steady-{i}", $"steady-key-{i}", $"steady-secret-{i}")).ToArray();
        var requests = keys.Select(k => new SinchRequest(HttpMethod.Get, k.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{k.ProjectId}/accessKeys")).ToArray();
        var system = BenchEnvironment.CreateSystem();
        var runtime = BenchEnvironment.CreateRuntime(system, emulator, maxInFlight: Math.Max(args.Concurrency * 2, 1_000),
            keys.Select(k => new SinchCredentials(k.ProjectId, k.KeyId, k.Secret, emulator.TokenUrl)));

        // A key's first token is issued before its first call completes, so timing lifetimes from that completion can
        // only make the bound stricter, never looser.
        var clock = Stopwatch.StartNew();
        var firstTokenAt = await Task.WhenAll(requests.Select(async request =>
        {
            await runtime.Client.SendAsync(request);
            return clock.Elapsed;
        }));

        var requestTimes = keys.Select(_ => new List<double>()).ToArray();
        using var stopSampling = new CancellationTokenSource();
        var sampler = SampleAsync(emulator, keys, requestTimes, clock, stopSampling.Token);
        var next = -1;
        var load = await LoadLoop.RunAsync(
            () => runtime.Client.SendAsync(requests[(int)((uint)Interlocked.Increment(ref next) % (uint)requests.Length)]),
            args.Concurrency, TimeSpan.FromSeconds(args.Seconds));
        var end = clock.Elapsed;
        var counts = keys.Select(k => TokenRequests(emulator, k)).ToArray();
        await stopSampling.CancelAsync();
        await sampler;

        var perKey = keys.Select((k, i) =>
        {
            var first = firstTokenAt[i].TotalSeconds;
            var lifetimesBegun = LifetimesBegun(end.TotalSeconds - first, args.Lifetime);
            // The same bound checked as each token request was seen (up to one sample late, which only loosens it).
            var worstExcess = requestTimes[i].Select((at, n) => n + 1 - (LifetimesBegun(at - first, args.Lifetime) + 1)).DefaultIfEmpty(0).Max();
            return new
            {
                k.KeyId, firstTokenSecond = first, tokenRequests = counts[i], lifetimesBegun,
                bound = lifetimesBegun + 1, renewalBound = RenewalsBegun(end.TotalSeconds - first, args.Lifetime) + 1,
                worstExcessDuringRun = worstExcess, requestSeconds = requestTimes[i],
            };
        }).ToArray();
        var expired401 = emulator.Stats.Unauthorized(UnauthorizedReason.ExpiredToken);
        var all401 = Enum.GetValues<UnauthorizedReason>().Sum(emulator.Stats.Unauthorized);
        var withinWholeLifetimes = perKey.Count(k => k.tokenRequests <= k.bound);
        var withinBound = perKey.Count(k => k.tokenRequests <= k.renewalBound);
        var met = withinBound == perKey.Length && expired401 == 0 && load.Failed == 0;

        Console.WriteLine($"# steady state: {args.Seconds} s of load, {args.Concurrency} callers over {keys.Length} projects, tokens living {args.Lifetime} s" +
                          (args.WholeSecondTokens ? " from their issuing second, rounded down" : ""));
        Console.WriteLine($"calls {load.Completed:N0} ({load.PerSecond:N0}/s), failed {load.Failed}; 401s {all401} of which expired-token {expired401}");
        foreach (var k in perKey)
            Console.WriteLine($"  {k.KeyId}: {k.tokenRequests} token requests, first token at {k.firstTokenSecond:0.00} s, lifetimes begun {k.lifetimesBegun}, bound {k.bound}; " +
                $"most above the bound at any request during the run: {k.worstExcessDuringRun}");
        Console.WriteLine($"per-key max {perKey.Max(k => k.tokenRequests)}, bound (lifetimes begun at 80% ± 5% renewal + 1) {perKey.Min(k => k.renewalBound)}–{perKey.Max(k => k.renewalBound)}: {withinBound} of {perKey.Length} keys within it; " +
            $"counting whole lifetimes (⌈T / L⌉ + 1, {perKey.Min(k => k.bound)}–{perKey.Max(k => k.bound)}): {withinWholeLifetimes} of {perKey.Length}");
        Console.WriteLine($"target: token requests per key <= lifetimes begun + 1, 0 expired-token 401s, 0 failed: {(met ? "met" : "NOT met")}");
        BenchResults.Write("steady-state",
            inputs: new { args.Seconds, lifetimeSeconds = args.Lifetime, args.Projects, args.Concurrency, args.WholeSecondTokens },
            outputs: new
            {
                calls = load.Completed, failedCalls = load.Failed, unauthorized401 = all401, expiredToken401 = expired401,
                perKeyMax = perKey.Max(k => k.tokenRequests), keysWithinBound = withinBound, keysWithinWholeLifetimes = withinWholeLifetimes,
                worstExcessOverWholeLifetimesDuringRun = perKey.Max(k => k.worstExcessDuringRun), elapsedSeconds = end.TotalSeconds, keys = perKey,
            },
            target: "per key: token requests <= ceil(time since first token / (0.75 (lifetime - 1 s))) + 1; 0 expired-token 401s; 0 failed calls", met);

        await runtime.DisposeAsync();
        await system.Terminate();
    }

    /// <summary>
    /// Lifetimes begun when each token is renewed at the earliest, 75% of what the server's whole second leaves of it:
    /// ⌈elapsed / 0.75 (L − 1 s)⌉, at least 1 (a lifetime under 2 s is renewed once a second at most).
    /// </summary>
    private static int RenewalsBegun(double elapsedSeconds, double lifetimeSeconds) =>
        LifetimesBegun(elapsedSeconds, lifetimeSeconds >= 2 ? 0.75 * (lifetimeSeconds - 1) : 1);

    /// <summary>⌈elapsed / lifetime⌉, and at least 1: the first token's lifetime has begun at 0.</summary>
    private static int LifetimesBegun(double elapsedSeconds, double lifetimeSeconds) =>
        Math.Max(1, (int)Math.Ceiling(elapsedSeconds / lifetimeSeconds));

    /// <summary>Notes when each key's token-request count grows (to within one sample), for the chart.</summary>
    private static async Task SampleAsync(SinchEmulator emulator, SeededKey[] keys, List<double>[] times, Stopwatch clock, CancellationToken stop)
    {
        var seen = new long[keys.Length];
        using var timer = new PeriodicTimer(SampleEvery);
        do
        {
            var now = clock.Elapsed.TotalSeconds;
            for (var i = 0; i < keys.Length; i++)
                for (var count = TokenRequests(emulator, keys[i]); seen[i] < count; seen[i]++)
                    times[i].Add(Math.Round(now, 2));
        }
        while (await Wait(timer, stop));
    }

    private static async Task<bool> Wait(PeriodicTimer timer, CancellationToken stop)
    {
        try { return await timer.WaitForNextTickAsync(stop); }
        catch (OperationCanceledException) { return false; }
    }

    private static long TokenRequests(SinchEmulator emulator, SeededKey key)
    {
        var counts = emulator.Stats.Tokens(key.KeyId);
        return counts.Issued + counts.Rejected + counts.RateLimited;
    }
}
