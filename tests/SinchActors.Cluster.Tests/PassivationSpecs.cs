using Akka.Actor;
using Akka.Cluster.Sharding;
using SinchActors.Auth;
using static SinchActors.Cluster.Tests.ClusterTokenSpecs;

namespace SinchActors.Cluster.Tests;

/// <summary>
/// Passivation is the registry's idle sweep on each node, not sharding's: a node that stops using a key unsubscribes,
/// and the key's manager stops only once no node uses it.
/// </summary>
public sealed class PassivationSpecs : IAsyncLifetime
{
    private ClusterNodes _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterNodes.StartAsync(2, idleTimeout: TimeSpan.FromSeconds(1));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_idle_node_lets_go_of_a_key_another_node_keeps_using_and_the_manager_stops_when_both_are_idle()
    {
        var project = await _cluster.AddProjectAsync("idle");
        var (idle, busy) = (_cluster.Nodes[0], _cluster.Nodes[1]);
        await idle.Runtime.Client.SendAsync(ListKeys(project.ProjectId));

        await using (var load = new Load(busy.Runtime.Client, [project.ProjectId], concurrency: 2))
        {
            await Eventually.Holds(() => Current(idle, project) is null); // the idle node passivated the key
            var before = load.Succeeded;
            await load.SucceededAtLeastAsync(before + 200);
            Assert.Empty(load.Failures);
        }
        Assert.NotNull(Current(busy, project)); // still served, by the one token issued
        Assert.Equal(1, _cluster.Emulator.Stats.Tokens(project.KeyId).Issued);

        // Now nobody uses it: both nodes unsubscribe and the entity stops, token and timers with it.
        await Eventually.Holds(() => Current(busy, project) is null);
        await Eventually.Holds(async () => !await HostsAnyEntityAsync());
        await idle.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        Assert.Equal(2, _cluster.Emulator.Stats.Tokens(project.KeyId).Issued);
        Assert.Empty(_cluster.NodeLocalLeaks);
    }

    private async Task<bool> HostsAnyEntityAsync()
    {
        foreach (var node in _cluster.Nodes)
        {
            var state = await node.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, ClusterNodes.Deadline);
            if (state.Shards.Any(shard => shard.EntityIds.Count > 0))
                return true;
        }
        return false;
    }
}
