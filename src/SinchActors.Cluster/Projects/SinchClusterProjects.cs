using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Projects;
using SinchActors.Hosting;

namespace SinchActors.Cluster.Projects;

/// <summary>
/// The projects of the whole cluster: <see cref="ISinchProjects"/> whose changes take effect on every node that runs
/// one (create one per node, on its runtime). Adds and removals are written to a replicated map with majority
/// consistency and applied by each node; a rotation is verified on this node first, then spread.
/// <see cref="Count"/> and <see cref="Contains"/> read this node's registry.
/// </summary>
public sealed class SinchClusterProjects : ISinchProjects
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);
    private readonly ISinchProjects _local;
    private readonly IActorRef _sync;
    private readonly TimeSpan _askTimeout;

    /// <summary>Starts this node's share of the cluster's projects on <paramref name="runtime"/>'s actor system.</summary>
    /// <param name="runtime">This node's runtime, started in cluster mode.</param>
    public SinchClusterProjects(SinchRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _local = runtime.Projects;
        _sync = runtime.ActorSystem.ActorOf(ProjectSync.Props(_local, WriteTimeout));
        _askTimeout = WriteTimeout + runtime.ProjectSettings.UpdateTimeout + TimeSpan.FromSeconds(5);
    }

    /// <inheritdoc />
    public int Count => _local.Count;

    /// <inheritdoc />
    public bool Contains(string projectId) => _local.Contains(projectId);

    /// <inheritdoc />
    public Task AddAsync(SinchCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return _sync.Ask<Akka.Done>(new ProjectSync.Add(credentials), _askTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateAsync(SinchCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return _sync.Ask<Akka.Done>(new ProjectSync.Update(credentials), _askTimeout, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        return _sync.Ask<bool>(new ProjectSync.Remove(projectId), _askTimeout, cancellationToken);
    }
}
