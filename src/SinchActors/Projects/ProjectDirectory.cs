using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using SinchActors.Timing;

namespace SinchActors.Projects;

/// <summary>
/// The registry's published view, read lock-free on every request: project handles and the negative cache of
/// projects the credentials provider did not know. Only the <see cref="ProjectRegistry"/> actor writes it.
/// </summary>
internal sealed class ProjectDirectory : IProjectDirectory
{
    // Bounds the negative cache against a flood of made-up project IDs; beyond it, unknown IDs are simply asked again.
    private const int MaxUnknownEntries = 100_000;

    private readonly ConcurrentDictionary<string, ProjectHandle> _projects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MonotonicDeadline> _unknownUntil = new(StringComparer.Ordinal);
    private readonly bool _hasProvider;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lookupAskTimeout;

    /// <param name="hasProvider">Whether unknown projects are looked up with a credentials provider.</param>
    /// <param name="clock">The runtime's clock, for the negative cache.</param>
    /// <param name="lookupAskTimeout">How long a lookup waits for the registry's answer.</param>
    /// <param name="startRegistry">Starts the registry that writes this directory and answers its lookups.</param>
    public ProjectDirectory(bool hasProvider, TimeProvider clock, TimeSpan lookupAskTimeout, Func<ProjectDirectory, IActorRef> startRegistry)
    {
        _hasProvider = hasProvider;
        _clock = clock;
        _lookupAskTimeout = lookupAskTimeout;
        // Last: the registry may publish here as soon as it starts.
        Registry = startRegistry(this);
    }

    /// <summary>The project registry actor.</summary>
    public IActorRef Registry { get; }

    public int Count => _projects.Count;

    public bool TryGet(string projectId, [NotNullWhen(true)] out ProjectHandle? project) =>
        _projects.TryGetValue(projectId, out project);

    public bool ShouldLookUp(string projectId) =>
        _hasProvider && !(_unknownUntil.TryGetValue(projectId, out var until) && !until.HasPassed(_clock));

    public async Task<Exception?> LookUpAsync(string projectId, CancellationToken cancellationToken)
    {
        try
        {
            var done = await Registry.Ask<ProjectRegistry.LookupDone>(new ProjectRegistry.LookUp(projectId), _lookupAskTimeout, cancellationToken)
                .ConfigureAwait(false);
            return done.Error;
        }
        catch (AskTimeoutException e)
        {
            return new SinchUnknownProjectException(projectId, e);
        }
    }

    internal void Publish(ProjectHandle handle)
    {
        _projects[handle.ProjectId] = handle;
        _unknownUntil.TryRemove(handle.ProjectId, out _);
    }

    internal void Withdraw(string projectId) => _projects.TryRemove(projectId, out _);

    internal void MarkUnknown(string projectId, TimeSpan duration)
    {
        if (duration > TimeSpan.Zero && _unknownUntil.Count < MaxUnknownEntries)
            _unknownUntil[projectId] = MonotonicDeadline.After(_clock, duration);
    }

    internal void PurgeExpiredUnknown()
    {
        var now = MonotonicDeadline.Now(_clock);
        foreach (var entry in _unknownUntil)
        {
            if (entry.Value <= now)
                _unknownUntil.TryRemove(entry);
        }
    }
}
