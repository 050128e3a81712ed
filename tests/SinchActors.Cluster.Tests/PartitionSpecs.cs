using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using Xunit.Abstractions;
using static SinchActors.Cluster.Tests.ClusterTokenSpecs;

namespace SinchActors.Cluster.Tests;

/// <summary>
/// A network partition under the split-brain resolver (keep-majority, Akka.Cluster's default downing): one node of
/// three is cut off from the other two by blackholing Akka.Remote between them (the throttler transport adapter, as
/// Akka's TestConductor does; HTTP to the emulator stays up on both sides).
/// </summary>
public sealed class PartitionSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    // Quick detection keeps the spec short: unreachable after 3 s of silence (a busy machine can stall heartbeats for
    // 2 s, which must not cut a majority node), decided after 2 s of stability. The majority starts the cut-off node's
    // shards only after the removal margin (stable-after, Akka's default), by which time the minority has downed itself
    // and stopped its managers: that margin is what keeps a key to one manager. No rebalancing: it would move managers
    // to the rejoined node (a move may cost a token, by design), and the only moves here must be the partition's.
    private static readonly Config PartitionConfig = ConfigurationFactory.ParseString("""
        akka.remote.dot-netty.tcp.applied-adapters = [trttl]
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        akka.cluster.split-brain-resolver.stable-after = 2s
        akka.cluster.sharding.rebalance-interval = 1h
        """);

    private readonly FetchLog _fetches = new();
    private ClusterNodes _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterNodes.StartAsync(3, config: PartitionConfig, fetches: _fetches);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_node_cut_off_from_the_other_two_is_downed_the_majority_keeps_serving_and_no_key_ever_has_two_managers_fetching()
    {
        var projects = new List<SinchCredentials>();
        for (var i = 1; i <= 6; i++)
            projects.Add(await _cluster.AddProjectAsync($"split-{i}"));
        foreach (var node in _cluster.Nodes)
            foreach (var project in projects)
                await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        var homes = new Dictionary<string, string>();
        foreach (var project in projects)
            homes[project.KeyId] = (await _cluster.KeyStateAsync(_cluster.Nodes[0], project)).Address;
        // Not the first node: it holds the shard coordinator, whose move would only make the spec longer.
        var victim = _cluster.Nodes.Skip(1).MaxBy(node => homes.Values.Count(home => home == node.Address))!;
        var majority = _cluster.Nodes.Where(node => node != victim).ToList();
        var moved = projects.Where(p => homes[p.KeyId] == victim.Address).ToList();
        Assert.NotEmpty(moved);

        var removedOnMajority = majority.Select(node => RemovedAsync(node, victim.Address)).ToList();
        var victimSeesItselfRemoved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(victim.System).RegisterOnMemberRemoved(victimSeesItselfRemoved.SetResult);
        var ids = projects.Select(p => p.ProjectId).ToList();
        // A call that meets a 401 on a moved key waits for the move: heartbeat pause + stable-after + removal margin
        // (7 s), plus whatever a loaded machine adds; its deadline leaves it the spec's whole deadline.
        var loads = majority.Select(node => new Load(node.Runtime.Client, ids, concurrency: 4, ClusterNodes.Deadline)).ToList();
        await Task.WhenAll(loads.Select(load => load.SucceededAtLeastAsync(100)));

        var cut = Stopwatch.GetTimestamp();
        foreach (var node in majority)
        {
            await BlackholeAsync(node, victim);
            await BlackholeAsync(victim, node);
        }
        // The cut-off node's managers still run, each the only one of its key: a 401 there makes each fetch again...
        foreach (var project in moved)
            Manager(victim, project).Tell(new TokenManager.TokenRejected(Current(victim, project)!.Generation));
        await Task.WhenAll(moved.Select(p => _fetches.Ended(f => f.Node == victim.Address && f.KeyId == p.KeyId && f.Started > cut)));
        // ...and a 401 on the majority for each of those keys: its callers must wait for the key's manager to start on their side.
        foreach (var project in moved)
            _cluster.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, ProjectId = project.ProjectId, Count = 1 });

        await victimSeesItselfRemoved.Task.WaitAsync(ClusterNodes.Deadline);
        await victim.System.WhenTerminated.WaitAsync(ClusterNodes.Deadline);
        await Task.WhenAll(removedOnMajority).WaitAsync(ClusterNodes.Deadline);
        var afterRemoval = loads.Select(load => load.Succeeded).ToList();
        await Task.WhenAll(moved.Select(p => _fetches.Ended(f => f.Node != victim.Address && f.KeyId == p.KeyId && f.Started > cut)));
        await Task.WhenAll(loads.Select((load, i) => load.SucceededAtLeastAsync(afterRemoval[i] + 200)));
        foreach (var load in loads)
            await load.StopAsync();

        // Healed: the node comes back (a new incarnation, as a restarted one) and every node serves every key.
        var rejoined = await _cluster.AddNodeAsync();
        foreach (var node in majority.Append(rejoined))
            foreach (var project in projects)
                await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId)).WaitAsync(ClusterNodes.Deadline);

        var issued = projects.ToDictionary(p => p.KeyId, p => _cluster.Emulator.Stats.Tokens(p.KeyId).Issued);
        output.WriteLine($"managers on the cut-off node {moved.Count} of {projects.Count}; token requests per key at the emulator: " +
                         string.Join(", ", projects.Select(p => $"{p.KeyId}{(moved.Contains(p) ? " (moved)" : "")} {issued[p.KeyId]}")) +
                         $"; calls on the majority: {loads.Sum(load => load.Succeeded)} succeeded, {loads.Sum(load => load.Failures.Count)} failed; " +
                         $"token requests by node (0-{_cluster.Nodes.Count - 1}): " + string.Join(", ", projects.Select(p => $"{p.KeyId} [" +
                             string.Join(" ", _fetches.Fetches.Where(f => f.KeyId == p.KeyId).OrderBy(f => f.Started)
                                 .Select(f => _cluster.Nodes.ToList().FindIndex(n => n.Address == f.Node))) + "]")));

        Assert.All(loads, load => Assert.True(load.Failures.Count == 0, $"failed on the majority: {string.Join("; ", load.Failures.Select(e => $"{e.GetType().Name}: {e.Message}"))}"));
        Assert.All(majority, node => Assert.True(node.IsRunning));
        // Budget per key: its first token; for a moved key also the refetch after its 401 on the cut-off node and the first token of its new manager.
        Assert.All(projects, p => Assert.InRange(issued[p.KeyId], 1, moved.Contains(p) ? 3 : 1));
        Assert.All(projects, p => AssertOneManagerAtATime(p.KeyId, victim.Address, cut));
        Assert.Empty(_cluster.NodeLocalLeaks);
    }

    /// <summary>
    /// No two token requests for the key overlap, and after the cut none by the cut-off node follows one by the
    /// majority: its manager was gone before the new one fetched.
    /// </summary>
    private void AssertOneManagerAtATime(string keyId, string cutOff, long cut)
    {
        var fetches = _fetches.Fetches.Where(f => f.KeyId == keyId).OrderBy(f => f.Started).ToList();
        for (var i = 1; i < fetches.Count; i++)
            Assert.True(fetches[i - 1].Ended <= fetches[i].Started, $"{keyId}: token requests by {fetches[i - 1].Node} and {fetches[i].Node} overlap");
        var afterCut = fetches.Where(f => f.Started > cut).ToList();
        var firstOnMajority = afterCut.FindIndex(f => f.Node != cutOff);
        if (firstOnMajority >= 0)
            Assert.DoesNotContain(afterCut.Skip(firstOnMajority), f => f.Node == cutOff);
    }

    /// <summary>Drops everything between the two nodes at <paramref name="from"/>'s transport, both directions.</summary>
    private static async Task BlackholeAsync(ClusterNodes.Node from, ClusterNodes.Node to)
    {
        var target = Akka.Cluster.Cluster.Get(to.System).SelfAddress;
        Assert.True(await ((RemoteActorRefProvider)((ExtendedActorSystem)from.System).Provider).Transport
            .ManagementCommand(new SetThrottle(target, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance)).WaitAsync(ClusterNodes.Deadline));
    }

    /// <summary>Completes when <paramref name="node"/> sees the member at <paramref name="address"/> removed.</summary>
    private static Task RemovedAsync(ClusterNodes.Node node, string address)
    {
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = node.System.ActorOf(Props.Create(() => new RemovalWatcher(address, removed)));
        Akka.Cluster.Cluster.Get(node.System).Subscribe(watcher, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
        return removed.Task;
    }

    private sealed class RemovalWatcher : ReceiveActor
    {
        public RemovalWatcher(string address, TaskCompletionSource removed) => Receive<ClusterEvent.MemberRemoved>(e =>
        {
            if (e.Member.Address.ToString() == address)
                removed.TrySetResult();
        });
    }
}
