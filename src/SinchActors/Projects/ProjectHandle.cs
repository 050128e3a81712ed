using Akka.Actor;

namespace SinchActors.Projects;

/// <summary>
/// What a request worker needs of a project: the token manager of its key and its in-flight count. Owned by the
/// project registry actor, read lock-free by intake and workers; rotating the project to another key swaps the
/// manager as one reference.
/// </summary>
internal sealed class ProjectHandle
{
    /// <summary>Requests of this project admitted and not yet answered; changed only with <see cref="Interlocked"/>.</summary>
    internal int InFlight;

    private IActorRef _tokenManager;
    private int _used;

    public ProjectHandle(string projectId, IActorRef tokenManager)
    {
        ProjectId = projectId;
        _tokenManager = tokenManager;
    }

    public string ProjectId { get; }

    /// <summary>The project's circuit breakers, one per API host that failed.</summary>
    public BreakerPipelines Breakers { get; } = new();

    /// <summary>
    /// The key's token manager in use now: answers <see cref="Auth.TokenManager.GetCredential"/>, takes
    /// <see cref="Auth.TokenManager.TokenRejected"/> and pushes credentials to subscribers.
    /// </summary>
    public IActorRef TokenManager => Volatile.Read(ref _tokenManager);

    /// <summary>Called by the registry only.</summary>
    internal void Rebind(IActorRef tokenManager) => Volatile.Write(ref _tokenManager, tokenManager);

    /// <summary>
    /// Notes a request for passivation. A plain read first: a busy project writes the flag once per registry sweep
    /// rather than once per request, so its cache line is not bounced between cores.
    /// </summary>
    public void MarkUsed()
    {
        if (Volatile.Read(ref _used) == 0)
            Volatile.Write(ref _used, 1);
    }

    /// <summary>Whether a request arrived since the last call, or one is still in flight; resets the flag. Registry only.</summary>
    internal bool TakeUsed() => Interlocked.Exchange(ref _used, 0) != 0 || Volatile.Read(ref InFlight) > 0;
}

/// <summary>Finds a project's handle. The only dependency of the pipeline on how projects are managed.</summary>
internal interface IProjectDirectory
{
    /// <summary>Finds a registered project; <c>false</c> when it is unknown.</summary>
    bool TryGet(string projectId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProjectHandle? project);

    /// <summary>
    /// Whether an unregistered project should be looked up with the credentials provider before it is refused:
    /// there is a provider and the project is not in the negative cache.
    /// </summary>
    bool ShouldLookUp(string projectId);

    /// <summary>Looks the project up (once however many callers ask); afterwards <see cref="TryGet"/> finds it, or it is unknown.</summary>
    /// <returns><c>null</c> when the project was found or is unknown; otherwise why the lookup failed.</returns>
    Task<Exception?> LookUpAsync(string projectId, CancellationToken cancellationToken);
}
