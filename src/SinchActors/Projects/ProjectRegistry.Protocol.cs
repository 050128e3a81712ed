using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Projects;

// The registry's messages and the records it keeps per key, project, rotation and drain.
internal sealed partial class ProjectRegistry
{
    /// <summary>Registers projects; answers <see cref="Akka.Done"/>, or <see cref="Status.Failure"/> with an <see cref="ArgumentException"/> naming the first already registered (the others are added).</summary>
    public sealed record AddProjects(IReadOnlyList<SinchCredentials> Projects);

    /// <summary>Rotates a project's credentials; answers <see cref="Akka.Done"/> once they produced a token, or <see cref="Status.Failure"/>.</summary>
    public sealed record UpdateProject(SinchCredentials Credentials);

    /// <summary>Removes a project; answers <see cref="Removed"/>.</summary>
    public sealed record RemoveProject(string ProjectId);

    /// <summary>The answer to <see cref="RemoveProject"/>.</summary>
    public sealed record Removed(bool WasRegistered);

    /// <summary>Looks an unregistered project up with the credentials provider; answers <see cref="LookupDone"/>.</summary>
    public sealed record LookUp(string ProjectId);

    /// <summary>The lookup ended: the project is registered now, or unknown (<see cref="Error"/> null), or the provider failed.</summary>
    public sealed record LookupDone(Exception? Error);


    private sealed record ProviderAnswered(string ProjectId, SinchCredentials? Credentials, Exception? Error);

    /// <summary>Also the key of the lookup's timer: a provider that ignores its cancellation token holds no caller past the timeout.</summary>
    private sealed record LookupExpired(string ProjectId);

    private sealed class SweepDue
    {
        public static readonly SweepDue Instance = new();
    }

    private sealed class DrainDue
    {
        public static readonly DrainDue Instance = new();
    }

    /// <summary>Tokens belong to an access key at a token endpoint; mode is part of it since Basic keys are never fetched.</summary>
    private readonly record struct KeyIdentity(string AuthUrl, string KeyId, SinchAuthMode Mode)
    {
        public static KeyIdentity Of(SinchCredentials credentials) =>
            new(credentials.AuthUrl.AbsoluteUri, credentials.KeyId, credentials.Mode);
    }

    private sealed class KeyEntry(KeyIdentity identity, IActorRef tokenManager, SinchCredentials credentials)
    {
        public KeyIdentity Identity { get; } = identity;
        public IActorRef TokenManager { get; } = tokenManager;
        /// <summary>The credentials last verified (or first registered); a new secret is taken only once it produced a token.</summary>
        public SinchCredentials Credentials { get; set; } = credentials;
        public List<ProjectHandle> Projects { get; } = [];
        /// <summary>Secret updates sent to the manager and not yet answered, oldest first.</summary>
        public List<PendingUpdate>? Updates { get; set; }
        /// <summary>Its manager was stopped; a key whose projects were all removed may be replaced by a new entry before that.</summary>
        public bool Released { get; set; }
        /// <summary>Removed projects with requests in flight, rotations waiting for this key, and rotation graces.</summary>
        public int Holds { get; set; }
        public int IdleSweeps { get; set; }
        public bool Passivated { get; set; }
    }

    private sealed class ProjectEntry(ProjectHandle handle, KeyEntry key)
    {
        public ProjectHandle Handle { get; } = handle;
        public KeyEntry Key { get; set; } = key;
    }

    private sealed record PendingRotation(string ProjectId, KeyEntry NewKey, SinchCredentials Credentials, IActorRef ReplyTo);

    private sealed record PendingUpdate(SinchCredentials Credentials, IActorRef ReplyTo);

    /// <summary>A hold on a key, released once <see cref="Handle"/> has no request in flight and <see cref="ChecksLeft"/> ran out.</summary>
    private sealed record Drain(KeyEntry Key, ProjectHandle? Handle, int ChecksLeft);
}
