using Akka.Actor;
using Akka.Configuration;
using SinchActors.Cluster.Sharding;

namespace SinchActors.Cluster.Tests;

/// <summary>The specs' leak detector: a node-local message that reaches another node is that node's leak, and only its.</summary>
public sealed class NodeLocalSerializerSpecs : IAsyncLifetime
{
    private static readonly Config Remote = ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.actor.serializers.node-local = "SinchActors.Cluster.Tests.NodeLocalSerializer, SinchActors.Cluster.Tests"
        akka.actor.serialization-bindings { "System.Object" = node-local }
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.loglevel = OFF
        """);

    private ActorSystem _a = null!;
    private ActorSystem _b = null!;

    public Task InitializeAsync()
    {
        _a = ActorSystem.Create("a", Remote);
        _b = ActorSystem.Create("b", Remote);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Task.WhenAll(_a.Terminate(), _b.Terminate());

    [Fact]
    public async Task A_node_local_message_sent_to_another_node_is_recorded_by_the_receiving_node_with_its_type_and_both_nodes()
    {
        var (a, b) = (Address(_a), Address(_b));
        var receiver = _b.ActorOf(Props.Empty, "receiver");
        var fromA = await _a.ActorSelection(receiver.Path.ToStringWithAddress(b)).ResolveOne(ClusterNodes.Deadline);

        fromA.Tell(TokenManagerEntity.Stop.Instance);

        await Eventually.Holds(() => NodeLocalSerializer.Of(_b).Leaks.Count > 0);
        Assert.Equal([$"{typeof(TokenManagerEntity.Stop).FullName} from {a} to {b}"], NodeLocalSerializer.Of(_b).Leaks);
        Assert.Empty(NodeLocalSerializer.Of(_a).Leaks);
    }

    private static Address Address(ActorSystem system) => ((ExtendedActorSystem)system).Provider.DefaultAddress;
}
