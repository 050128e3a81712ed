using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Projects;

/// <summary>
/// What a request worker needs of a project: where to ask for a credential, the slot to read one from without
/// asking, and the project's in-flight count.
/// </summary>
internal sealed class ProjectHandle
{
    /// <summary>Requests of this project admitted and not yet answered; changed only with <see cref="Interlocked"/>.</summary>
    internal int InFlight;

    public ProjectHandle(string projectId, IActorRef tokenManager, CredentialSlot slot)
    {
        ProjectId = projectId;
        TokenManager = tokenManager;
        Slot = slot;
    }

    public string ProjectId { get; }

    /// <summary>Answers <see cref="TokenManager.GetCredential"/> and takes <see cref="TokenManager.TokenRejected"/>.</summary>
    public IActorRef TokenManager { get; }

    /// <summary>The current credential, readable lock-free.</summary>
    public CredentialSlot Slot { get; }
}

/// <summary>Finds a project's handle. The only dependency of the pipeline on how projects are managed.</summary>
internal interface IProjectDirectory
{
    /// <summary>Finds a registered project; <c>false</c> when it is unknown.</summary>
    bool TryGet(string projectId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProjectHandle? project);
}
