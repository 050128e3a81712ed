using System.Diagnostics;
using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Requests;

namespace SinchActors.Benchmarks;

/// <summary>
/// P8, one token request per key per lifetime across a cluster: three in-process nodes on loopback, one emulator
/// issuing short tokens, closed-loop load in three phases of <c>--seconds</c>: through one node, through all three
/// (the same callers spread round the nodes), then through the first two after the third left gracefully (its managers
/// move). Per key, token requests counted at the emulator against the renewal bound of <c>steady-state</c>
/// (⌈T / 0.75 (L − 1 s)⌉ + 1 over the time T since the key's first token) plus one per manager move; the delay from a
/// manager's new token (its token request answered, on the manager's node) to the other nodes' subscribers, p50/p99;
/// and the throughput of each phase.
/// </summary>
internal static class ClusterScenario
{
    public static BenchArgs Defaults { get; } = BenchArgs.Default with { Seconds = 15, Lifetime = 6, Projects = 8, Concurrency = 32 };

    private const int NodeCount = 3;

    public static async Task RunAsync(BenchArgs args)
    {
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
        {
            TokenLifetime = TimeSpan.FromSeconds(args.Lifetime), TokenBucketCapacity = 1_000, TokenBucketRefillPerSecond = 1_000,
        });
        var projects = Enumerable.Range(0, args.Projects)
            .Select(i => emulator.SeedKey($"p8-{i}", $"p8-key-{i}", $"p8-secret-{i}"))
            .Select(k => new SinchCredentials(k.ProjectId, k.KeyId, k.Secret, emulator.TokenUrl))
            .ToArray();
        var requests = projects.Select(p => new SinchRequest(HttpMethod.Get, p.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{p.ProjectId}/accessKeys")).ToArray();
        await using var cluster = await BenchCluster.StartAsync(emulator, NodeCount, projects, maxInFlight: Math.Max(args.Concurrency * 2, 1_000));

        var clock = Stopwatch.StartNew();
        var firstTokenAt = new double[projects.Length];
        await Task.WhenAll(cluster.Nodes.SelectMany(node => requests.Select(async (request, i) =>
        {
            await node.Runtime.Client.SendAsync(request);
            if (node == cluster.Nodes[0])
                firstTokenAt[i] = clock.Elapsed.TotalSeconds;
        })));
        cluster.Probe(projects);
        var measuredFrom = Stopwatch.GetTimestamp();

        var oneNode = await LoadAsync(cluster.Nodes.Take(1), requests, args);
        var threeNodes = await LoadAsync(cluster.Nodes, requests, args);
        var leaving = cluster.Nodes[NodeCount - 1].System;
        var left = CoordinatedShutdown.Get(leaving).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        var afterLeave = await LoadAsync(cluster.Nodes.Take(NodeCount - 1), requests, args);
        await left;
        var end = clock.Elapsed.TotalSeconds;

        var perKey = projects.Select((p, i) =>
        {
            var counts = emulator.Stats.Tokens(p.KeyId);
            var homes = cluster.Fetches.Where(f => f.KeyId == p.KeyId).OrderBy(f => f.At).Select(f => f.Node).ToList();
            var moves = homes.Zip(homes.Skip(1)).Count(pair => pair.First != pair.Second);
            var lifetimesBegun = RenewalsBegun(end - firstTokenAt[i], args.Lifetime);
            var tokenRequests = counts.Issued + counts.Rejected + counts.RateLimited;
            return new { p.KeyId, tokenRequests, lifetimesBegun, moves, bound = lifetimesBegun + 1 + moves, perLifetime = (double)tokenRequests / lifetimesBegun };
        }).ToArray();
        var delays = PushDelays(cluster, measuredFrom);
        var remote = Percentiles(delays.Where(d => d.Remote).Select(d => d.Millis));
        var local = Percentiles(delays.Where(d => !d.Remote).Select(d => d.Millis));
        var failed = oneNode.Failed + threeNodes.Failed + afterLeave.Failed;
        var withinBound = perKey.Count(k => k.tokenRequests <= k.bound);
        var met = withinBound == perKey.Length && failed == 0;

        Console.WriteLine($"# P8: {NodeCount} nodes in one process on loopback, {projects.Length} keys, tokens living {args.Lifetime} s, {args.Concurrency} callers, " +
                          $"{args.Seconds} s per phase ({end:0.0} s since the first token)");
        Console.WriteLine($"throughput: one node {oneNode.PerSecond:N0}/s (p50 {oneNode.MedianMicros:N0} us, p99 {oneNode.P99Micros:N0} us); " +
                          $"three nodes {threeNodes.PerSecond:N0}/s (p50 {threeNodes.MedianMicros:N0} us, p99 {threeNodes.P99Micros:N0} us); " +
                          $"two nodes after the third left {afterLeave.PerSecond:N0}/s; failed calls {failed}");
        Console.WriteLine($"new token to the other nodes' subscribers: p50 {remote.P50:0.00} ms, p99 {remote.P99:0.00} ms over {remote.Count} arrivals " +
                          $"(on the manager's own node: p50 {local.P50:0.00} ms, p99 {local.P99:0.00} ms)");
        foreach (var k in perKey)
            Console.WriteLine($"  {k.KeyId}: {k.tokenRequests} token requests, lifetimes begun {k.lifetimesBegun}, manager moves {k.moves}, bound {k.bound}");
        Console.WriteLine($"target: per key token requests <= lifetimes begun + 1 + moves, 0 failed: {(met ? "met" : "NOT met")} ({withinBound} of {perKey.Length} keys within)");
        BenchResults.Write("p8-cluster",
            inputs: new { nodes = NodeCount, secondsPerPhase = args.Seconds, lifetimeSeconds = args.Lifetime, args.Projects, args.Concurrency, inProcess = true },
            outputs: new
            {
                throughputPerSecond = new { oneNode = oneNode.PerSecond, threeNodes = threeNodes.PerSecond, twoNodesAfterLeave = afterLeave.PerSecond },
                latencyMicros = new { oneNode = new { p50 = oneNode.MedianMicros, p99 = oneNode.P99Micros }, threeNodes = new { p50 = threeNodes.MedianMicros, p99 = threeNodes.P99Micros } },
                calls = oneNode.Completed + threeNodes.Completed + afterLeave.Completed, failedCalls = failed,
                pushDelayMillis = new { remote = new { remote.P50, remote.P99, remote.Count }, managersNode = new { local.P50, local.P99, local.Count } },
                tokenRequestsPerLifetimeMax = perKey.Max(k => k.perLifetime), keysWithinBound = withinBound, elapsedSeconds = end, keys = perKey,
            },
            target: "per key: token requests <= ceil(time since first token / (0.75 (lifetime - 1 s))) + 1 + manager moves; 0 failed calls", met);
    }

    private static Task<LoadResult> LoadAsync(IEnumerable<(ActorSystem System, Hosting.SinchRuntime Runtime)> nodes, SinchRequest[] requests, BenchArgs args)
    {
        var clients = nodes.Select(n => n.Runtime.Client).ToArray();
        var next = -1;
        return LoadLoop.RunAsync(() =>
        {
            var n = (uint)Interlocked.Increment(ref next);
            return clients[n % (uint)clients.Length].SendAsync(requests[n / (uint)clients.Length % (uint)requests.Length]);
        }, args.Concurrency, TimeSpan.FromSeconds(args.Seconds));
    }

    /// <summary>For each token fetched after <paramref name="from"/>: how long after its answer each node's subscribers had it.</summary>
    private static List<(bool Remote, double Millis)> PushDelays(BenchCluster cluster, long from)
    {
        var arrivals = cluster.Arrivals.GroupBy(a => a.Token).ToDictionary(g => g.Key, g => g.ToList());
        var delays = new List<(bool, double)>();
        foreach (var fetch in cluster.Fetches.Where(f => f.At > from && f.Token is not null))
            if (arrivals.TryGetValue(fetch.Token!, out var seen))
                foreach (var arrival in seen.GroupBy(a => a.Node).Select(g => g.MinBy(a => a.At)!))
                    delays.Add((arrival.Node != fetch.Node, Stopwatch.GetElapsedTime(fetch.At, arrival.At).TotalMilliseconds));
        return delays;
    }

    private static (double P50, double P99, int Count) Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? (0, 0, 0) : (sorted[(int)(0.5 * (sorted.Length - 1))], sorted[(int)Math.Ceiling(0.99 * (sorted.Length - 1))], sorted.Length);
    }

    /// <summary>As in <c>steady-state</c>: ⌈elapsed / 0.75 (L − 1 s)⌉, at least 1.</summary>
    private static int RenewalsBegun(double elapsedSeconds, double lifetimeSeconds) =>
        Math.Max(1, (int)Math.Ceiling(elapsedSeconds / (lifetimeSeconds >= 2 ? 0.75 * (lifetimeSeconds - 1) : 1)));
}
