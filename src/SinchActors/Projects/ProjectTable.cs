using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Projects;

/// <summary>
/// A fixed-purpose project table: one token manager per project, created when the project is added. It keeps the
/// pipeline working end to end until the project registry actor (shared keys, rotation, passivation) replaces it.
/// </summary>
internal sealed class ProjectTable : IProjectDirectory
{
    private readonly ConcurrentDictionary<string, ProjectHandle> _projects = new(StringComparer.Ordinal);
    private readonly IActorRefFactory _actors;
    private readonly TokenManagerSettings _settings;
    private readonly ITokenClient _tokenClient;

    public ProjectTable(IActorRefFactory actors, TokenManagerSettings settings, ITokenClient tokenClient)
    {
        _actors = actors;
        _settings = settings;
        _tokenClient = tokenClient;
    }

    /// <summary>Registers a project and starts its token manager.</summary>
    /// <exception cref="ArgumentException">The project is already registered.</exception>
    public void Add(SinchCredentials credentials)
    {
        var slot = new CredentialSlot();
        var manager = _actors.ActorOf(TokenManager.Props(credentials, _settings, _tokenClient, slot));
        if (!_projects.TryAdd(credentials.ProjectId, new ProjectHandle(credentials.ProjectId, manager, slot)))
        {
            manager.Tell(PoisonPill.Instance);
            throw new ArgumentException($"Project '{credentials.ProjectId}' is already registered.", nameof(credentials));
        }
    }

    /// <summary>Registered projects.</summary>
    public int Count => _projects.Count;

    public bool TryGet(string projectId, [NotNullWhen(true)] out ProjectHandle? project) =>
        _projects.TryGetValue(projectId, out project);

    /// <summary>Stops every token manager.</summary>
    public void StopAll()
    {
        foreach (var project in _projects.Values)
            project.TokenManager.Tell(PoisonPill.Instance);
    }
}
