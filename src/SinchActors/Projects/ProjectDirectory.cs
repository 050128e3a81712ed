using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Akka.Actor;

namespace SinchActors.Projects;

/// <summary>
/// The registry's published view, read lock-free on every request: project handles and the negative cache of
/// projects the credentials provider did not know. Only the <see cref="ProjectRegistry"/> actor writes it.
/// </summary>
internal sealed class ProjectDirectory(bool hasProvider, TimeProvider clock, TimeSpan lookupAskTimeout) : IProjectDirectory
{
    // Bounds the negative cache against a flood of made-up project IDs; beyond it, unknown IDs are simply asked again.
    private const int MaxUnknownEntries = 100_000;

    private readonly ConcurrentDictionary<string, ProjectHandle> _projects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _unknownUntil = new(StringComparer.Ordinal);
    private IActorRef _registry = ActorRefs.Nobody;

    public int Count => _projects.Count;

    public bool TryGet(string projectId, [NotNullWhen(true)] out ProjectHandle? project) =>
        _projects.TryGetValue(projectId, out project);

    public bool ShouldLookUp(string projectId) =>
        hasProvider && !(_unknownUntil.TryGetValue(projectId, out var until) && clock.GetTimestamp() < until);

    public async Task<Exception?> LookUpAsync(string projectId, CancellationToken cancellationToken)
    {
        try
        {
            var done = await _registry.Ask<ProjectRegistry.LookupDone>(new ProjectRegistry.LookUp(projectId), lookupAskTimeout, cancellationToken)
                .ConfigureAwait(false);
            return done.Error;
        }
        catch (AskTimeoutException e)
        {
            return new SinchUnknownProjectException(projectId, e);
        }
    }

    internal void Attach(IActorRef registry) => _registry = registry;

    internal void Publish(ProjectHandle handle)
    {
        _projects[handle.ProjectId] = handle;
        _unknownUntil.TryRemove(handle.ProjectId, out _);
    }

    internal void Withdraw(string projectId) => _projects.TryRemove(projectId, out _);

    internal void MarkUnknown(string projectId, TimeSpan duration)
    {
        if (duration > TimeSpan.Zero && _unknownUntil.Count < MaxUnknownEntries)
            _unknownUntil[projectId] = clock.GetTimestamp() + (long)(duration.TotalSeconds * clock.TimestampFrequency);
    }

    internal void PurgeExpiredUnknown()
    {
        var now = clock.GetTimestamp();
        foreach (var entry in _unknownUntil)
        {
            if (entry.Value <= now)
                _unknownUntil.TryRemove(entry);
        }
    }
}
