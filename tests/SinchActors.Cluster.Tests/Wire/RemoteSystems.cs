using Akka.Actor;
using Akka.Configuration;

namespace SinchActors.Cluster.Tests.Wire;

/// <summary>Actor systems with Akka.Remote on 127.0.0.1 (ephemeral port), for the wire specs.</summary>
internal static class RemoteSystems
{
    private static readonly Config Remote = ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.loglevel = WARNING
        """);

    public static ActorSystem Create(string name, Config? config = null) => ActorSystem.Create(name, config?.WithFallback(Remote) ?? Remote);
}
