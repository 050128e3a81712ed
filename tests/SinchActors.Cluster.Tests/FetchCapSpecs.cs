using Akka.Actor;
using SinchActors.Cluster.Configuration;
using SinchActors.Cluster.Sharding;
using SinchActors.Emulator.Faults;
using static SinchActors.Cluster.Tests.ClusterTokenSpecs;

namespace SinchActors.Cluster.Tests;

/// <summary><c>max-concurrent-token-fetches</c> (8 by default) holds across the cluster: each node hosting managers gets its share.</summary>
public sealed class FetchCapSpecs : IAsyncLifetime
{
    private ClusterNodes _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterNodes.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Three_nodes_starting_24_keys_at_once_keep_at_most_the_cap_of_token_requests_in_flight_and_the_survivors_share_it_after_a_node_dies()
    {
        // 8 / 3 nodes hosting managers = 2 permits each (rounded down: 6 in the cluster, never more than 8).
        await Eventually.Holds(async () => (await SharesAsync(_cluster.Nodes)).All(share => share == 2));

        _cluster.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.Token, LatencyMs = 200 });
        var ids = new List<string>();
        for (var i = 1; i <= 24; i++)
            ids.Add((await _cluster.AddProjectAsync($"capped-{i}")).ProjectId);
        _cluster.Emulator.Stats.Reset();
        // Every node needs every key at once: 24 managers spread over the three nodes all fetch their first token.
        await Task.WhenAll(_cluster.Nodes.SelectMany(node => ids.Select(id => node.Runtime.Client.SendAsync(ListKeys(id)))));

        Assert.InRange(_cluster.Emulator.Stats.PeakConcurrentTokenRequests, 1, 6);
        Assert.All(ids, id => Assert.Equal(1, _cluster.Emulator.Stats.Tokens($"key-{id}").Issued));

        var victim = _cluster.Nodes[2];
        var survivors = _cluster.Nodes.Take(2).ToList();
        await victim.HardStopAsync();
        // Downed and removed by the survivors: 8 / 2 = 4 each.
        await Eventually.Holds(async () => (await SharesAsync(survivors)).All(share => share == 4));
        Assert.Empty(_cluster.NodeLocalLeaks);
    }

    private static async Task<int[]> SharesAsync(IEnumerable<ClusterNodes.Node> nodes) =>
        await Task.WhenAll(nodes.Select(node => node.System.ActorSelection($"/user/{ShardedTokenManagers.FetchCapShareName(SinchClusterSettings.Default)}")
            .Ask<int>(FetchCapShare.GetShare.Instance, ClusterNodes.Deadline)));
}
