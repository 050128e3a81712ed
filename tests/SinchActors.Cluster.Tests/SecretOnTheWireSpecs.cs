using System.Text;
using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Cluster.Tests.Wire;
using SinchActors.Cluster.Wire;
using SinchActors.Emulator.Faults;
using static SinchActors.Cluster.Tests.ClusterTokenSpecs;

namespace SinchActors.Cluster.Tests;

/// <summary>
/// A key's secret crosses the network only where it is needed: in the envelope that starts the key's manager (which
/// the entity asks for with <see cref="CredentialsNeeded"/>) and in a secret update. Every other message carries the
/// key ID. Read from the bytes each node's serializer wrote (<see cref="WireRecorder"/>).
/// </summary>
public sealed class SecretOnTheWireSpecs : IAsyncLifetime
{
    private ClusterNodes _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterNodes.StartAsync(3, config: WireRecorder.Config);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_secret_crosses_only_in_the_envelopes_that_start_the_manager_and_never_while_it_serves_and_refetches()
    {
        var project = await _cluster.AddProjectAsync("secret");
        foreach (var node in _cluster.Nodes)
            await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        var start = Written(From(0), project.KeySecret);

        // Serving, a 401 and the refetch: Issued, Withdrawn, RejectToken, AskCredential, Granted between the nodes.
        var mark = Marks();
        _cluster.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, ProjectId = project.ProjectId, Count = 1 });
        foreach (var node in _cluster.Nodes)
            await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        var serving = Written(mark, project.KeySecret);

        Assert.Contains(start, m => m.Message is CredentialsNeeded);
        Assert.Contains(start, m => m.HasSecret);
        Assert.All(start.Where(m => m.HasSecret), m => Assert.NotNull(Assert.IsType<KeyEnvelope>(m.Message).Credentials));
        // Some envelopes carried the key ID only: fewer carried the secret than there were envelopes.
        Assert.InRange(start.Count(m => m.HasSecret), 0, start.Count(m => m.Message is KeyEnvelope) - 1);
        Assert.Contains(serving, m => m.Message is Issued);
        Assert.DoesNotContain(serving, m => m.HasSecret);
        Assert.Equal(2, _cluster.Emulator.Stats.Tokens(project.KeyId).Issued);
    }

    [Fact]
    public async Task A_manager_that_moved_asks_a_node_for_the_secret_starts_with_it_and_serves()
    {
        var project = await _cluster.AddProjectAsync("moved");
        foreach (var node in _cluster.Nodes)
            await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        var home = (await _cluster.KeyStateAsync(_cluster.Nodes[0], project)).Address;
        var victim = _cluster.Nodes.Single(node => node.Address == home);
        var survivors = _cluster.Nodes.Where(node => node != victim).ToList();
        var mark = Marks();

        await victim.HardStopAsync();
        await Eventually.Holds(() => survivors.All(node => !Akka.Cluster.Cluster.Get(node.System).State.Members.Any(m => m.Address.ToString() == home)));
        // The survivors' token is still good; a 401 makes them need the new manager's.
        _cluster.Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, ProjectId = project.ProjectId, Count = 1 });
        foreach (var node in survivors)
            await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        var moved = Written(mark, project.KeySecret);

        Assert.Equal(2, _cluster.Emulator.Stats.Tokens(project.KeyId).Issued);
        Assert.Contains(moved, m => m.Message is CredentialsNeeded);
        Assert.Contains(moved, m => m.Message is KeyEnvelope { Credentials: not null });
        Assert.All(moved.Where(m => m.HasSecret), m => Assert.NotNull(Assert.IsType<KeyEnvelope>(m.Message).Credentials));
        Assert.Contains((await _cluster.KeyStateAsync(survivors[0], project)).Address, survivors.Select(node => node.Address));
    }

    [Fact]
    public async Task A_new_secret_crosses_only_in_its_update_and_a_refused_one_leaves_the_key_serving_with_the_old_one()
    {
        var project = await _cluster.AddProjectAsync("refused");
        foreach (var node in _cluster.Nodes)
            await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        var mark = Marks();
        var wrong = new SinchCredentials(project.ProjectId, project.KeyId, $"wrong-{Guid.NewGuid():N}", project.AuthUrl);

        var refused = await Assert.ThrowsAsync<SinchAuthenticationException>(() => _cluster.Nodes[1].Runtime.Projects.UpdateAsync(wrong));
        foreach (var node in _cluster.Nodes)
            await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId));
        var update = Written(mark, wrong.KeySecret);

        Assert.Equal(project.KeyId, refused.KeyId);
        Assert.Contains(update, m => m.Message is Refused);
        Assert.All(update.Where(m => m.HasSecret), m => Assert.IsType<UpdateKey>(Assert.IsType<KeyEnvelope>(m.Message).Payload));
        Assert.Contains(update, m => m.HasSecret);
        Assert.DoesNotContain(update, m => m.Bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(project.KeySecret)) >= 0);
        Assert.Equal(1, _cluster.Emulator.Stats.Tokens(project.KeyId).Issued);
    }

    private sealed record WireMessage(string Node, object Message, byte[] Bytes, bool HasSecret);

    private List<int> Marks() => _cluster.Nodes.Select(node => WireRecorder.Of(node.System).Written.Count).ToList();

    private List<int> From(int position) => _cluster.Nodes.Select(_ => position).ToList();

    /// <summary>What each node wrote since <paramref name="marks"/>, read back, and whether <paramref name="secret"/> is in its bytes.</summary>
    private List<WireMessage> Written(List<int> marks, string secret)
    {
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        return _cluster.Nodes.SelectMany((node, i) =>
        {
            var recorder = WireRecorder.Of(node.System);
            return recorder.Written.Skip(marks[i]).Select(w =>
                new WireMessage(node.Address, recorder.FromBinary(w.Bytes, w.Manifest), w.Bytes, w.Bytes.AsSpan().IndexOf(secretBytes) >= 0));
        }).ToList();
    }
}
