using SinchActors.Auth;
using static SinchActors.Cluster.Tests.ClusterTokenSpecs;

namespace SinchActors.Cluster.Tests;

/// <summary>Projects in sync: adding, rotating and removing a project on one node takes effect on every node.</summary>
public sealed class ProjectSyncSpecs : IAsyncLifetime
{
    private ClusterNodes _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterNodes.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_project_added_on_one_node_is_served_by_every_node_with_one_token()
    {
        var (a, c) = (_cluster.Nodes[0], _cluster.Nodes[2]);
        var project = Seed("synced", "key-synced");

        await a.ClusterProjects.AddAsync(project);

        Assert.True(a.Runtime.Projects.Contains(project.ProjectId));
        await Eventually.Holds(() => _cluster.Nodes.All(node => node.Runtime.Projects.Contains(project.ProjectId)));
        foreach (var node in _cluster.Nodes)
            await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        await Assert.ThrowsAsync<ArgumentException>(() => c.ClusterProjects.AddAsync(project));
        Assert.Equal(1, _cluster.Emulator.Stats.Tokens(project.KeyId).Issued);
        Assert.Empty(_cluster.NodeLocalLeaks);
    }

    [Fact]
    public async Task A_rotation_to_a_new_key_on_node_A_is_used_by_node_C_without_a_token_request_of_its_own()
    {
        var (a, c) = (_cluster.Nodes[0], _cluster.Nodes[2]);
        var project = Seed("rotated", "key-rotated-old");
        await a.ClusterProjects.AddAsync(project);
        await Eventually.Holds(() => c.Runtime.Projects.Contains(project.ProjectId));
        await c.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        var oldManagerOnC = Manager(c, project);

        var rotated = Seed("rotated", "key-rotated-new");
        await a.ClusterProjects.UpdateAsync(rotated);

        await Eventually.Holds(() => !Manager(c, project).Equals(oldManagerOnC));
        await c.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        var used = Current(c, project);
        var verified = Current(a, project);
        Assert.NotNull(used);
        Assert.NotNull(verified);
        Assert.Equal(verified.Authorization, used.Authorization); // the token A's verification fetched, pushed to C
        Assert.Equal(1, _cluster.Emulator.Stats.Tokens(rotated.KeyId).Issued);
        Assert.Empty(_cluster.NodeLocalLeaks);
    }

    [Fact]
    public async Task A_project_removed_on_one_node_is_removed_from_every_node()
    {
        var project = Seed("removed", "key-removed");
        await _cluster.Nodes[0].ClusterProjects.AddAsync(project);
        await Eventually.Holds(() => _cluster.Nodes.All(node => node.Runtime.Projects.Contains(project.ProjectId)));

        Assert.True(await _cluster.Nodes[1].ClusterProjects.RemoveAsync(project.ProjectId));

        Assert.False(_cluster.Nodes[1].Runtime.Projects.Contains(project.ProjectId));
        await Eventually.Holds(() => _cluster.Nodes.All(node => !node.Runtime.Projects.Contains(project.ProjectId)));
        Assert.Empty(_cluster.NodeLocalLeaks);
    }

    private SinchCredentials Seed(string projectId, string keyId)
    {
        var key = _cluster.Emulator.SeedKey(projectId, keyId, $"secret-{Guid.NewGuid():N}");
        return new SinchCredentials(projectId, key.KeyId, key.Secret, _cluster.Emulator.TokenUrl);
    }
}
