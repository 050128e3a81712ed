using Akka.Actor.Setup;
using SinchActors.Cluster.Sharding;
using SinchActors.Cluster.Wire;
using SinchActors.Projects;

namespace SinchActors.Cluster.Hosting;

/// <summary>
/// Turns on cluster mode for the SinchActors runtimes of an actor system: add <see cref="Setup"/> to the system's
/// <c>BootstrapSetup</c> (Akka.Hosting users call <c>WithSinchActorsCluster</c> instead). The actor system must use
/// the cluster provider and join a cluster; every node that runs SinchActors must enable it with the same
/// <see cref="SinchClusterOptions.TypeName"/> and <see cref="SinchClusterOptions.NumberOfShards"/>.
/// </summary>
public static class SinchCluster
{
    /// <summary>
    /// The setup that places token managers as sharded entities, one per access key in the cluster, and binds the wire
    /// messages to <see cref="SinchClusterSerializer"/>.
    /// </summary>
    /// <param name="options">Role, shards and timing; defaults when null.</param>
    /// <returns>A setup to combine with the actor system's <c>BootstrapSetup</c>.</returns>
    public static Setup Setup(SinchClusterOptions? options = null)
    {
        options = (options ?? new SinchClusterOptions()).Validate();
        return new TokenManagerPlacementSetup(dependencies => new ShardedTokenManagers(dependencies, options));
    }
}
