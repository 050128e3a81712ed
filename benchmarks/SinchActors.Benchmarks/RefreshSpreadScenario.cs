using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Hosting;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors.Benchmarks;

/// <summary>
/// The refresh wave of many keys with 1-hour tokens, on virtual time: the runtime, its actor system's scheduler
/// (Akka's <see cref="TestScheduler"/>) and the emulator's token expiry all run on one virtual clock advanced in
/// 20 ms steps (twice Akka's default scheduler tick), while every HTTP call (tokens and API) is real, over loopback.
/// The keys are warmed as fast as <c>max-token-requests-per-second</c> lets them (one batch per virtual second),
/// then time runs through their refreshes. Counts every token request by the virtual second it started in, and
/// times (in real time) requests to one warm project during the wave against the same requests before it.
/// Writes <c>benchmarks/results/refresh-spread.json</c>.
/// </summary>
internal static class RefreshSpreadScenario
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);
    private const int SampleEvery = 10;

    public static async Task RunAsync(BenchArgs args)
    {
        var count = args.Projects;
        var cap = ProjectRegistrySettings.Default.MaxTokenRequestsPerSecond;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var system = ActorSystem.Create("refresh-spread", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
            """));
        var scheduler = (TestScheduler)system.Scheduler;
        void Advance(TimeSpan by)
        {
            clock.Advance(by);
            scheduler.Advance(by);
        }

        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
        {
            TimeProvider = clock, TokenLifetime = Lifetime, TokenBucketCapacity = 1_000_000, TokenBucketRefillPerSecond = 1_000_000,
        });
        var projects = Enumerable.Range(0, count)
            .Select(i => emulator.SeedKey($"wave-project-{i}", $"wave-key-{i}", $"wave-secret-{i}"))
            .Select(key => new SinchCredentials(key.ProjectId, key.KeyId, key.Secret, emulator.TokenUrl))
            .ToArray();
        var start = clock.GetTimestamp();
        var tokenRequests = new ConcurrentQueue<long>();
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        var counting = new CountingTokenClient(new TokenClient(http, TimeSpan.FromSeconds(10), clock), clock, tokenRequests);
        var options = new SinchActorsOptions
        {
            TimeProvider = clock,
            TokenClient = counting,
            ProjectRegistry = { IdleTimeout = TimeSpan.Zero }, // keys stay warm: this is about refreshes
            Requests = { MaxInFlight = 10_000, MaxInFlightPerProject = 10_000 },
        };
        foreach (var family in Enum.GetValues<SinchApiFamily>())
            options.Requests.BaseUrls[family.ToString()] = emulator.BaseUrl.ToString();
        foreach (var project in projects)
            options.AddProject(project);
        var registration = Stopwatch.StartNew();
        var runtime = await SinchRuntime.CreateAsync(system, options);
        registration.Stop();
        var refreshesSent = new RefreshCount();
        var refreshCounter = system.ActorOf(Props.Create(() => new RefreshCounter(refreshesSent)));
        system.EventStream.Subscribe(refreshCounter, typeof(RefreshScheduler.RefreshesSent));
        Console.WriteLine($"# refresh spread: {count:N0} keys, {Lifetime.TotalSeconds:N0} s tokens, cap {cap} token requests/s (virtual time)");
        Console.WriteLine($"registration: {registration.Elapsed.TotalSeconds:0.00} s (real)");

        // Warm: one batch of `cap` first calls per virtual second, the fastest the cap allows.
        var warming = Stopwatch.StartNew();
        foreach (var batch in projects.Chunk(cap))
        {
            await Task.WhenAll(batch.Select(project => runtime.Client.SendAsync(Get(project))));
            Advance(TimeSpan.FromSeconds(1));
        }
        Console.WriteLine($"warmed {count:N0} keys in {Elapsed(clock, start):N0} virtual s ({warming.Elapsed.TotalSeconds:0.0} s real)");

        var warmSeconds = Elapsed(clock, start);

        // The same loop, first through a quiet stretch (no refresh falls due before 0.75 of the lifetime), then through
        // the wave (from 0.75 of the lifetime after the first token to 0.85 after the last), timing a call to one warm
        // project every SampleEvery steps.
        var warm = projects[0];
        var quietLatencies = await RunStepsAsync(TimeSpan.FromSeconds(200));
        var waveFrom = Lifetime * (TokenManagerSettings.Default.RefreshFraction - TokenManagerSettings.Default.RefreshJitter) - TimeSpan.FromSeconds(10);
        var waveUntil = Lifetime * (TokenManagerSettings.Default.RefreshFraction + TokenManagerSettings.Default.RefreshJitter)
                        + TimeSpan.FromSeconds(warmSeconds + 30);
        Advance(waveFrom - TimeSpan.FromSeconds(Elapsed(clock, start)));
        var running = Stopwatch.StartNew();
        var waveLatencies = await RunStepsAsync(waveUntil - waveFrom);

        async Task<List<double>> RunStepsAsync(TimeSpan duration)
        {
            var latencies = new List<double>();
            var steps = (int)(duration / Step);
            var sent = await SentAsync();
            for (var step = 0; step < steps; step++)
            {
                var startedBefore = counting.Started;
                Advance(Step);
                // Virtual time waits for the real HTTP calls: the refreshes sent in this step have started, and all have
                // ended. (A refresh its manager ignores, its generation having moved on, starts nothing: at most 1 s more.)
                var sentNow = await SentAsync();
                var expected = startedBefore + (sentNow - sent);
                sent = sentNow;
                var patience = Stopwatch.StartNew();
                while ((counting.Started < expected || counting.Ended < counting.Started) && patience.Elapsed < TimeSpan.FromSeconds(1))
                    await Task.Delay(1);
                if (step % SampleEvery == 0)
                    latencies.Add(await TimeAsync(runtime, warm));
            }
            return latencies;
        }

        // The refreshes the scheduler has sent so far: once it answers Identify it has published every batch sent before,
        // and once the counter does, it has counted them.
        async Task<long> SentAsync()
        {
            await runtime.Refreshes.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(10));
            await refreshCounter.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(10));
            return Interlocked.Read(ref refreshesSent.Value);
        }

        Console.WriteLine($"ran {(waveUntil - waveFrom).TotalSeconds:N0} virtual s of refreshes in {running.Elapsed.TotalSeconds:0.0} s real");

        var series = tokenRequests.Select(at => (int)clock.GetElapsedTime(start, at).TotalSeconds)
            .GroupBy(second => second).OrderBy(group => group.Key)
            .Select(group => new { second = group.Key, tokenRequests = group.Count() }).ToArray();
        var refreshSeries = series.Where(point => point.second >= waveFrom.TotalSeconds).ToArray();
        var peak = refreshSeries.Max(point => point.tokenRequests);
        var refreshes = refreshSeries.Sum(point => point.tokenRequests);
        var expired = emulator.Stats.Unauthorized(SinchActors.Emulator.Stats.UnauthorizedReason.ExpiredToken);
        var warmLatency = new { p50 = Percentile(waveLatencies, 0.50), p99 = Percentile(waveLatencies, 0.99) };
        Console.WriteLine($"token requests: {tokenRequests.Count:N0} ({count:N0} first, {refreshes:N0} refreshes over {refreshSeries.Length} s)");
        Console.WriteLine($"peak token requests in one second: {peak} (warming: {series.Where(p => p.second < waveFrom.TotalSeconds).Max(p => p.tokenRequests)})   cap {cap}");
        Console.WriteLine($"expired-token 401s: {expired}");
        Console.WriteLine($"warm project latency before the wave: p50 {Percentile(quietLatencies, 0.5):N0} us, p99 {Percentile(quietLatencies, 0.99):N0} us ({quietLatencies.Count} calls)");
        Console.WriteLine($"warm project latency during the wave: p50 {warmLatency.p50:N0} us, p99 {warmLatency.p99:N0} us ({waveLatencies.Count} calls)");
        BenchResults.WriteDocument("refresh-spread", new
        {
            date = BenchResults.Now(), commit = BenchResults.Commit(), projects = count, lifetimeSeconds = (int)Lifetime.TotalSeconds,
            capPerSecond = cap, series, warmLatencyMicros = warmLatency,
        });

        await runtime.DisposeAsync();
        await system.Terminate();
    }

    private static SinchRequest Get(SinchCredentials project) =>
        new(HttpMethod.Get, project.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{project.ProjectId}/accessKeys");

    private static async Task<double> TimeAsync(SinchRuntime runtime, SinchCredentials project)
    {
        var started = Stopwatch.GetTimestamp();
        await runtime.Client.SendAsync(Get(project));
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }

    private static double Elapsed(TimeProvider clock, long start) => clock.GetElapsedTime(start).TotalSeconds;

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(fraction * sorted.Length))]);
    }

    /// <summary>Notes the virtual time of every token request the runtime sends, and counts those that ended.</summary>
    private sealed class CountingTokenClient(ITokenClient inner, TimeProvider clock, ConcurrentQueue<long> starts) : ITokenClient
    {
        private int _ended;

        public int Started => starts.Count;

        public int Ended => Volatile.Read(ref _ended);

        public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
        {
            starts.Enqueue(clock.GetTimestamp());
            try
            {
                return await inner.FetchAsync(credentials, cancellationToken);
            }
            finally
            {
                Interlocked.Increment(ref _ended);
            }
        }
    }
}

/// <summary>The refreshes counted by a <see cref="RefreshCounter"/>.</summary>
internal sealed class RefreshCount
{
    public long Value;
}

/// <summary>Counts the refreshes the runtime's scheduler publishes as sent.</summary>
internal sealed class RefreshCounter : ReceiveActor
{
    public RefreshCounter(RefreshCount count)
    {
        Receive<RefreshScheduler.RefreshesSent>(sent => Interlocked.Add(ref count.Value, sent.Count));
    }
}
