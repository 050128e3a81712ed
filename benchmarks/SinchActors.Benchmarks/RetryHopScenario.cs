using System.Diagnostics;
using Akka.Actor;
using SinchActors.Hosting;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors.Benchmarks;

/// <summary>
/// What carrying a retry out through supervision costs: workers of the runtime's request pool (its router and its
/// <see cref="RequestSupervisorStrategy"/>) that answer every attempt with a retry until each request has had
/// <c>--calls</c> retries, no HTTP in between, <c>--concurrency</c> requests in flight over <c>--projects</c> projects.
/// The runtime's way (the worker throws <see cref="RetryRequested"/>; the supervisor resumes it and enqueues the next
/// attempt) is measured against a worker telling the pool the next attempt itself. The difference is the price of
/// supervision per retry: the exception, the failure and resume system messages, and the worker's mailbox suspended
/// while its supervisor handles the failure.
/// </summary>
internal static class RetryHopScenario
{
    public static BenchArgs Defaults { get; } = new(Seconds: 3, Concurrency: 64, Projects: 64, Rounds: 5, Calls: 1);

    public static async Task RunAsync(BenchArgs args)
    {
        using var system = BenchEnvironment.CreateSystem();
        var settings = SinchRequestSettings.FromConfig(SinchActors.Configuration.SinchActorsConfig.WithReferenceFallback(
            Akka.Configuration.Config.Empty).GetConfig("sinch-actors.requests"));
        Console.WriteLine($"# retry hop: {settings.Workers} workers, {args.Concurrency} requests in flight over {args.Projects} projects, " +
                          $"{args.Calls} retries per request, {args.Rounds} rounds of {args.Seconds} s per side");
        var results = new Dictionary<bool, List<(double Ns, double Bytes)>> { [true] = [], [false] = [] };
        for (var round = 0; round <= args.Rounds; round++) // round 0 warms both sides up
        {
            foreach (var supervised in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var (ns, bytes) = await MeasureAsync(system, settings, supervised, args);
                if (round > 0)
                    results[supervised].Add((ns, bytes));
            }
        }
        double Median(bool supervised, Func<(double Ns, double Bytes), double> of) =>
            results[supervised].Select(of).OrderBy(v => v).ElementAt(results[supervised].Count / 2);
        var throughSupervisor = Median(true, r => r.Ns);
        var direct = Median(false, r => r.Ns);
        Console.WriteLine($"# retry hop, median of {args.Rounds} rounds: through the supervisor {throughSupervisor:N0} ns and " +
                          $"{Median(true, r => r.Bytes):N0} B per retry; the worker telling the pool {direct:N0} ns and " +
                          $"{Median(false, r => r.Bytes):N0} B; supervision adds {throughSupervisor - direct:N0} ns per retry");
    }

    private static async Task<(double NsPerRetry, double BytesPerRetry)> MeasureAsync(ActorSystem system, SinchRequestSettings settings, bool supervised, BenchArgs args)
    {
        var counter = new RetryCounter(args.Calls);
        var pool = system.ActorOf(Props.Create(() => new Retrier(supervised, counter))
            .WithRouter(SinchRuntime.RequestPoolRouter(settings, system.Scheduler)));
        var endpoint = new SinchEndpoint(new Uri("https://bench.invalid/"));
        for (var i = 0; i < args.Concurrency; i++)
        {
            var request = new SinchRequest(HttpMethod.Get, $"project-{i % args.Projects}", SinchApiFamily.AccessKeys, "/x");
            var project = new ProjectHandle(request.ProjectId, ActorRefs.Nobody);
            pool.Tell(new RequestEnvelope(request, endpoint, endpoint.Combine(request.Path, null), project, new TaskRequestCompletion(),
                TimeSpan.FromMinutes(10), SinchActors.Timing.MonotonicDeadline.Infinite));
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // to a steady rate
        var retries = Interlocked.Read(ref counter.Retries);
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(args.Seconds));
        var elapsed = Stopwatch.GetElapsedTime(started);
        retries = Interlocked.Read(ref counter.Retries) - retries;
        allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated;
        await pool.GracefulStop(TimeSpan.FromSeconds(10));
        var ns = elapsed.TotalNanoseconds / retries;
        Console.WriteLine($"{(supervised ? "through the supervisor" : "worker tells the pool"),-24} {retries / elapsed.TotalSeconds,12:N0} retries/s  " +
                          $"{ns,8:N0} ns/retry  {allocated / (double)retries,6:N0} B/retry");
        return (ns, allocated / (double)retries);
    }

    private sealed class RetryCounter(int retriesPerRequest)
    {
        public long Retries;
        public int RetriesPerRequest { get; } = retriesPerRequest;
    }

    /// <summary>A request worker reduced to its retry: every attempt asks for another until the request had its retries, then it starts over.</summary>
    private sealed class Retrier(bool supervised, RetryCounter counter) : UntypedActor
    {
        private static readonly RetryDecision Retry = new(RetryStep.RetryAfter, TimeSpan.Zero, "bench");

        protected override void OnReceive(object message)
        {
            var envelope = (RequestEnvelope)message;
            var next = envelope.Retries < counter.RetriesPerRequest
                ? envelope with { Attempt = envelope.Attempt + 1, Retries = envelope.Retries + 1 }
                : envelope with { Attempt = 1, Retries = 0 }; // answered: the same caller sends its next request
            if (next.Retries == 0)
            {
                Context.Parent.Tell(next);
                return;
            }
            Interlocked.Increment(ref counter.Retries);
            if (supervised)
                throw new RetryRequested(next, Retry, Context.Parent);
            Context.Parent.Tell(next);
        }
    }
}
