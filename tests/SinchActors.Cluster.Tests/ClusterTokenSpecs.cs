using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Requests;

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
        // Every node serves from its own stand-in, holding the one generation its key's manager issued.
        foreach (var node in _cluster.Nodes)
            Assert.All(projects, project => Assert.NotNull(Current(node, project)));
        Assert.Empty(_cluster.NodeLocalLeaks);
    }

    [Fact]
    public async Task A_401_seen_on_two_nodes_for_the_same_generation_costs_one_refetch_and_both_nodes_get_the_new_one()
    {
        var project = await _cluster.AddProjectAsync("rejected");
        foreach (var node in _cluster.Nodes)
            await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        var (a, b, c) = (_cluster.Nodes[0], _cluster.Nodes[1], _cluster.Nodes[2]);
        var rejectedOnA = Current(a, project)!;
        var rejectedOnB = Current(b, project)!;

        // What a worker's 401 sends to the credential's issuer: here the node's stand-in, each with its own generation.
        Manager(a, project).Tell(new TokenManager.TokenRejected(rejectedOnA.Generation));
        Manager(b, project).Tell(new TokenManager.TokenRejected(rejectedOnB.Generation));

        await Eventually.Holds(() => Current(a, project) is { } fresh && fresh.Authorization.Parameter != rejectedOnA.Authorization.Parameter
                               && Current(b, project)?.Authorization.Parameter == fresh.Authorization.Parameter
                               && Current(c, project)?.Authorization.Parameter == fresh.Authorization.Parameter);
        Assert.Equal(2, _cluster.Emulator.Stats.Tokens(project.KeyId).Issued);

        // A real 401 on the third node goes the same way: one more token, used everywhere.
        _cluster.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, ProjectId = project.ProjectId, Count = 1 });
        await c.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        foreach (var node in _cluster.Nodes)
            await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        Assert.Equal(3, _cluster.Emulator.Stats.Tokens(project.KeyId).Issued);
        Assert.Empty(_cluster.NodeLocalLeaks);
    }

    internal static SinchRequest ListKeys(string projectId) =>
        new(HttpMethod.Get, projectId, SinchApiFamily.AccessKeys, $"/v1/projects/{projectId}/accessKeys");

    /// <summary>The node's token manager of the project's key: the node-local stand-in of the key's one manager.</summary>
    internal static IActorRef Manager(ClusterNodes.Node node, SinchCredentials project) =>
        node.Runtime.Directory.TryGet(project.ProjectId, out var handle) ? handle.TokenManager : throw new InvalidOperationException("not registered");

    /// <summary>The credential the node's stand-in hands out now; null when it has none usable.</summary>
    internal static IssuedCredential? Current(ClusterNodes.Node node, SinchCredentials project)
    {
        var read = new TaskCompletionSource<IssuedCredential?>(TaskCreationOptions.RunContinuationsAsynchronously);
        node.System.ActorOf(Props.Create(() => new CurrentCredentialReader(Manager(node, project), read)));
        return read.Task.WaitAsync(ClusterNodes.Deadline).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Reads a stand-in's usable credential through the protocol it has: a new subscriber is pushed the usable one at
    /// once, and <see cref="Identify"/>, answered in mailbox order, says nothing more is coming. The reader then stops,
    /// and the stand-in, which watches its subscribers, forgets it.
    /// </summary>
    private sealed class CurrentCredentialReader : ReceiveActor
    {
        public CurrentCredentialReader(IActorRef manager, TaskCompletionSource<IssuedCredential?> read)
        {
            IssuedCredential? pushed = null;
            Receive<TokenManager.CredentialIssued>(issued => pushed = issued.Credential);
            Receive<ActorIdentity>(_ =>
            {
                read.TrySetResult(pushed);
                Context.Stop(Self);
            });
            ReceiveAny(_ => { });
            manager.Tell(TokenManager.SubscribeCredentials.Instance, Self);
            manager.Tell(new Identify(null), Self);
        }
    }
}
