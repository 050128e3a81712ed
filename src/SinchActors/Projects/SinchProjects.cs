using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Projects;

/// <summary><see cref="ISinchProjects"/> over the registry actor: each change is one message; reads use the directory.</summary>
internal sealed class SinchProjects(IActorRef registry, ProjectDirectory directory, ProjectRegistrySettings settings) : ISinchProjects
{
    // Registry operations other than updates answer at once; this only bounds a registry that stopped.
    private static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UpdateGrace = TimeSpan.FromSeconds(5);

    public int Count => directory.Count;

    public bool Contains(string projectId)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        return directory.TryGet(projectId, out _);
    }

    public Task AddAsync(SinchCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return AddAllAsync([credentials], cancellationToken);
    }

    internal Task AddAllAsync(IReadOnlyList<SinchCredentials> projects, CancellationToken cancellationToken) =>
        registry.Ask<Akka.Done>(new ProjectRegistry.AddProjects(projects), RegistryTimeout, cancellationToken);

    public async Task UpdateAsync(SinchCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        object answer;
        try
        {
            // The registry answers by the update timeout (the token manager's deadline); the grace covers its mailbox,
            // so the real outcome, not this Ask's timeout, is what the caller sees.
            answer = await registry.Ask<object>(new ProjectRegistry.UpdateProject(credentials), settings.UpdateTimeout + UpdateGrace, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new SinchAuthUnavailableException(credentials.ProjectId, null);
        }
        if (answer is Status.Failure failure)
            throw failure.Cause;
    }

    public async Task<bool> RemoveAsync(string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var removed = await registry.Ask<ProjectRegistry.Removed>(new ProjectRegistry.RemoveProject(projectId), RegistryTimeout, cancellationToken)
            .ConfigureAwait(false);
        return removed.WasRegistered;
    }
}
