using Akka.Actor;
using SinchActors.Cluster.Wire;

namespace SinchActors.Cluster.Tests;

public sealed class WireFormatSpecs
{
    [Fact]
    public async Task Debug_binding()
    {
        var system = ActorSystem.Create("wire", Akka.Configuration.ConfigurationFactory.ParseString("""
            akka.actor.serializers.node-local = "SinchActors.Cluster.Tests.NodeLocalSerializer, SinchActors.Cluster.Tests"
            akka.actor.serialization-bindings { "System.Object" = node-local }
            """));
        SinchClusterSerializer.Register(system);
        var s = system.Serialization.FindSerializerForType(typeof(Withdrawn));
        Assert.IsType<SinchClusterSerializer>(s);
        await system.Terminate();
    }
}
