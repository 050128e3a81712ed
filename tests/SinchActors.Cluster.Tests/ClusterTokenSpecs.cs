using SinchActors.Auth;

namespace SinchActors.Cluster.Tests;

/// <summary>Token managers as sharded entities: one per key in the cluster, credentials pushed to the nodes that use them.</summary>
public sealed class ClusterTokenSpecs : IAsyncLifetime
{
    private ClusterNodes _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterNodes.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Load_from_three_nodes_on_six_projects_costs_one_token_request_per_key_cluster_wide()
    {
        var projects = new List<SinchCredentials>();
        for (var i = 1; i <= 6; i++)
            projects.Add(await _cluster.AddProjectAsync($"load-{i}"));
        var ids = projects.Select(p => p.ProjectId).ToList();

        var loads = _cluster.Nodes.Select(node => new Load(node.Runtime.Client, ids, concurrency: 8)).ToList();
        await Task.WhenAll(loads.Select(load => load.SucceededAtLeastAsync(300)));
        foreach (var load in loads)
            await load.StopAsync();

        Assert.All(loads, load => Assert.Empty(load.Failures));
        Assert.All(projects, p => Assert.Equal(1, _cluster.Emulator.Stats.Tokens(p.KeyId).Issued));
        // Every node serves from its own slot, holding the one generation its key's manager issued.
        foreach (var node in _cluster.Nodes)
            Assert.All(ids, id => Assert.True(node.Runtime.Directory.TryGet(id, out var handle) && handle.Binding.Slot.TryGet(out _)));
        Assert.Equal(0, NodeLocalSerializer.Leaks);
    }
}
