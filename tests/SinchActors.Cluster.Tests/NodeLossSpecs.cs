using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using Xunit.Abstractions;
using static SinchActors.Cluster.Tests.ClusterTokenSpecs;

namespace SinchActors.Cluster.Tests;

/// <summary>The node hosting most token managers dies or leaves mid-load: the others keep serving, the managers move.</summary>
public sealed class NodeLossSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private ClusterNodes _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterNodes.StartAsync(3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Hard_stop_of_the_node_hosting_most_managers_fails_no_call_on_the_others_and_costs_at_most_one_token_per_moved_manager() =>
        await LoseTheNodeHostingMostManagersAsync(victim => victim.HardStopAsync(), "hard stop");

    [Fact]
    public async Task Graceful_leave_of_the_node_hosting_most_managers_hands_them_off_with_no_failed_call_on_the_others() =>
        await LoseTheNodeHostingMostManagersAsync(victim => CoordinatedShutdown.Get(victim.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance),
            "graceful leave");

    /// <summary>
    /// Load on all three nodes over six keys; the node hosting most managers goes; a 401 then hits every moved key's
    /// old token on the survivors, so every moved manager must serve. Nothing may fail on the survivors, and a moved key
    /// may cost one token request more than the first.
    /// </summary>
    private async Task LoseTheNodeHostingMostManagersAsync(Func<ClusterNodes.Node, Task> stop, string how)
    {
        var projects = new List<SinchCredentials>();
        for (var i = 1; i <= 6; i++)
            projects.Add(await _cluster.AddProjectAsync($"moving-{i}"));
        var ids = projects.Select(p => p.ProjectId).ToList();
        foreach (var node in _cluster.Nodes)
            foreach (var id in ids)
                await node.Runtime.Client.SendAsync(ListKeys(id));
        var homes = new Dictionary<string, string>();
        foreach (var project in projects)
            homes[project.KeyId] = (await _cluster.KeyStateAsync(_cluster.Nodes[0], project)).Address;
        var victim = _cluster.Nodes.MaxBy(node => homes.Values.Count(home => home == node.Address))!;
        var survivors = _cluster.Nodes.Where(node => node != victim).ToList();
        var moved = projects.Where(p => homes[p.KeyId] == victim.Address).ToList();

        var victimLoad = new Load(victim.Runtime.Client, ids, concurrency: 4);
        var loads = survivors.Select(node => new Load(node.Runtime.Client, ids, concurrency: 8)).ToList();
        await Task.WhenAll(loads.Select(load => load.SucceededAtLeastAsync(200)));
        await victimLoad.StopAsync();
        await stop(victim);

        // The survivors remove the node (after a leave, or after the split-brain resolver downed it) and the managers start again there.
        await Eventually.Holds(() => survivors.All(node => !Akka.Cluster.Cluster.Get(node.System).State.Members.Any(m => m.Address.ToString() == victim.Address)));
        var afterRemoval = loads.Select(load => load.Succeeded).ToList();
        foreach (var project in moved)
            _cluster.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, ProjectId = project.ProjectId, Count = 1 });
        await Task.WhenAll(loads.Select((load, i) => load.SucceededAtLeastAsync(afterRemoval[i] + 300)));
        foreach (var load in loads)
            await load.StopAsync();

        var newHomes = new List<string>();
        foreach (var project in moved)
            newHomes.Add((await _cluster.KeyStateAsync(survivors[0], project)).Address);
        var issued = projects.ToDictionary(p => p.KeyId, p => _cluster.Emulator.Stats.Tokens(p.KeyId).Issued);
        output.WriteLine($"{how}: moved managers {moved.Count} of {projects.Count}; token requests per key: " +
                         string.Join(", ", issued.Select(pair => $"{pair.Key} {pair.Value}")) +
                         $"; failed calls on survivors: {loads.Sum(load => load.Failures.Count)} of {loads.Sum(load => load.Succeeded + load.Failures.Count)}");

        Assert.NotEmpty(moved);
        Assert.All(loads, load => Assert.Empty(load.Failures));
        Assert.All(newHomes, home => Assert.Contains(home, survivors.Select(node => node.Address)));
        Assert.All(projects, p => Assert.InRange(issued[p.KeyId], 1, moved.Contains(p) ? 2 : 1));
        Assert.Empty(_cluster.NodeLocalLeaks);
    }
}
