using SinchActors.Auth;
using static SinchActors.Cluster.Tests.ClusterTokenSpecs;

namespace SinchActors.Cluster.Tests;

/// <summary>With <see cref="SinchClusterOptions.Role"/>, only nodes with the role host token managers; the others still serve calls.</summary>
public sealed class RoleSpecs : IAsyncLifetime
{
    private ClusterNodes _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await ClusterNodes.StartAsync(3, rolesOf: i => i < 2 ? ["tokens"] : [], managerRole: "tokens");

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Managers_run_only_on_nodes_with_the_role_and_a_node_without_it_serves_calls_with_the_same_tokens()
    {
        var projects = new List<SinchCredentials>();
        for (var i = 1; i <= 4; i++)
            projects.Add(await _cluster.AddProjectAsync($"role-{i}"));
        var withoutRole = _cluster.Nodes[2];

        foreach (var project in projects)
        {
            await withoutRole.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
            await _cluster.Nodes[0].Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        }

        var homes = new List<string>();
        foreach (var project in projects)
            homes.Add((await _cluster.KeyStateAsync(withoutRole, project)).Address);
        Assert.All(homes, home => Assert.Contains(home, new[] { _cluster.Nodes[0].Address, _cluster.Nodes[1].Address }));
        Assert.All(projects, p => Assert.Equal(1, _cluster.Emulator.Stats.Tokens(p.KeyId).Issued));
        Assert.Empty(_cluster.NodeLocalLeaks);
    }
}
