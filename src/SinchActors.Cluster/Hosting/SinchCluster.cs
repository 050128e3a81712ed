using Akka.Actor.Setup;
using SinchActors.Cluster.Configuration;
using SinchActors.Cluster.Sharding;
using SinchActors.Cluster.Wire;
using SinchActors.Projects;

namespace SinchActors.Cluster.Hosting;

/// <summary>
/// Turns on cluster mode for the SinchActors runtimes of an actor system: add <see cref="Setup"/> to the system's
/// <c>BootstrapSetup</c> (Akka.Hosting users call <c>WithSinchActorsCluster</c> instead). The actor system must use
/// the cluster provider and join a cluster; every node that runs SinchActors must enable it with the same
/// <c>sinch-actors.cluster.type-name</c> and <c>number-of-shards</c>.
/// </summary>
public static class SinchCluster
{
    /// <summary>
    /// The setup that places token managers as sharded entities, one per access key in the cluster, and binds the wire
    /// messages to <see cref="SinchClusterSerializer"/>.
    /// </summary>
    /// <param name="options">Values that win over the actor system's <c>sinch-actors.cluster</c> section; none when null.</param>
    /// <returns>A setup to combine with the actor system's <c>BootstrapSetup</c>.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names its configuration key.</exception>
    public static Setup Setup(SinchClusterOptions? options = null)
    {
        var overrides = options?.ToConfig() ?? Akka.Configuration.Config.Empty;
        SinchClusterSettings.FromConfig(overrides); // the options' own values fail here, before any actor system starts
        return new TokenManagerPlacementSetup(dependencies =>
            new ShardedTokenManagers(dependencies, SinchClusterSettings.FromConfig(overrides.WithFallback(dependencies.System.Settings.Config))));
    }
}
