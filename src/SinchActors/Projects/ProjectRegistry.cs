using Akka.Actor;
using Akka.Event;
using SinchActors.Auth;

namespace SinchActors.Projects;

/// <summary>
/// Owns the projects of a runtime: one token manager (a child) per access key, shared by every project using that
/// key; adds, rotates and removes projects while requests flow; looks unknown projects up with the credentials
/// provider; passivates keys nobody used for the idle timeout. It publishes handles into the
/// <see cref="ProjectDirectory"/>, so requests never need a message to it.
/// </summary>
internal sealed class ProjectRegistry : UntypedActor, IWithTimers
{
    private const string SweepTimer = "sweep";
    private const string DrainTimer = "drain";

    // Passivation checks per idle timeout: a key is passivated between 0.9 and 1.0 idle timeouts after its last use.
    private const int SweepsPerIdleTimeout = 10;
    private static readonly TimeSpan DrainInterval = TimeSpan.FromSeconds(1);

    // After a rotation to another key, a worker may still ask the old manager for a moment (it read the binding
    // just before the swap); the old manager lives on for this many drain checks.
    private const int RotationGraceChecks = 5;

    private readonly ProjectDirectory _directory;
    private readonly ProjectRegistrySettings _settings;
    private readonly ITokenManagerPlacement _placement;
    private readonly ISinchCredentialsProvider? _provider;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private readonly Dictionary<KeyIdentity, KeyEntry> _keys = new();
    private readonly Dictionary<string, ProjectEntry> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<IActorRef>> _lookups = new(StringComparer.Ordinal);
    private readonly Dictionary<long, PendingRotation> _rotations = new();
    private readonly List<Drain> _draining = [];
    private readonly CancellationTokenSource _stopping = new();
    private long _nextKeyNumber;
    private long _nextCorrelationId;

    public ProjectRegistry(ProjectDirectory directory, ProjectRegistrySettings settings, ITokenManagerPlacement placement,
        ISinchCredentialsProvider? provider, TimeProvider clock)
    {
        _directory = directory;
        _settings = settings;
        _placement = placement;
        _provider = provider;
        _clock = clock;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ProjectDirectory directory, ProjectRegistrySettings settings, ITokenManagerPlacement placement,
        ISinchCredentialsProvider? provider, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new ProjectRegistry(directory, settings.Validate(), placement, provider, clock));

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

    protected override void PreStart()
    {
        if (_settings.Passivates || _provider is not null)
        {
            var interval = _settings.Passivates ? _settings.IdleTimeout / SweepsPerIdleTimeout : _settings.UnknownProjectCacheDuration;
            if (interval > TimeSpan.Zero)
                Timers.StartPeriodicTimer(SweepTimer, SweepDue.Instance, interval);
        }
    }

    // A token manager holds its key's current credentials and counts token generations: a restart would revert it to
    // the secret it was created with and restart the count that workers' rejected generations refer to. Its state is
    // a few fields kept consistent message by message, so it resumes instead.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(static _ => Directive.Resume);

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        foreach (var project in _projects.Keys)
            _directory.Withdraw(project);
        // Nobody will answer these any more: callers learn it now rather than at their Ask timeouts.
        foreach (var (projectId, waiting) in _lookups)
        {
            foreach (var waiter in waiting)
                waiter.Tell(new LookupDone(new SinchShutdownException(projectId)));
        }
        foreach (var rotation in _rotations.Values)
            rotation.ReplyTo.Tell(new Status.Failure(new SinchShutdownException(rotation.ProjectId)));
        foreach (var key in _keys.Values)
        {
            foreach (var update in key.Updates ?? [])
                update.ReplyTo.Tell(new Status.Failure(new SinchShutdownException(update.Credentials.ProjectId)));
        }
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case AddProjects add:
                OnAdd(add);
                break;
            case UpdateProject update:
                OnUpdate(update.Credentials);
                break;
            case RemoveProject remove:
                Sender.Tell(new Removed(Remove(remove.ProjectId)));
                break;
            case LookUp lookUp:
                OnLookUp(lookUp.ProjectId);
                break;
            case ProviderAnswered answered:
                OnProviderAnswered(answered);
                break;
            case TokenManager.CredentialGranted granted:
                if (_rotations.Remove(granted.CorrelationId, out var rotated))
                    CompleteRotation(rotated);
                break;
            case TokenManager.CredentialFailed failed:
                if (_rotations.Remove(failed.CorrelationId, out var refused))
                    FailRotation(refused, failed.Error);
                break;
            case TokenManager.CredentialsVerified verified:
                AnswerUpdates(verified.Credentials, null);
                break;
            case TokenManager.CredentialsRefused refusedUpdate:
                AnswerUpdates(refusedUpdate.Credentials, refusedUpdate.Error);
                break;
            case LookupExpired expired:
                ExpireLookup(expired.ProjectId);
                break;
            case SweepDue:
                Sweep();
                break;
            case DrainDue:
                CheckDrains();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnAdd(AddProjects add)
    {
        ArgumentException? error = null;
        foreach (var credentials in add.Projects)
        {
            if (_projects.ContainsKey(credentials.ProjectId))
                error ??= new ArgumentException($"Project '{credentials.ProjectId}' is already registered.", "credentials");
            else if (Register(credentials) is { } conflict)
                error ??= conflict;
        }
        Sender.Tell(error is null ? Akka.Done.Instance : new Status.Failure(error));
    }

    /// <returns><c>null</c>, or why the project was not registered.</returns>
    private ArgumentException? Register(SinchCredentials credentials)
    {
        if (KeyFor(credentials) is not { } key)
            return KeyConflict(credentials);
        var handle = new ProjectHandle(credentials.ProjectId, key.TokenManager);
        key.Projects.Add(handle);
        _projects.Add(credentials.ProjectId, new ProjectEntry(handle, key));
        _directory.Publish(handle);
        return null;
    }

    private static ArgumentException KeyConflict(SinchCredentials credentials) =>
        new($"Access key '{credentials.KeyId}' is already used by other projects with another secret; " +
            "change a key's secret with ISinchProjects.UpdateAsync.", "credentials");

    /// <summary>
    /// The entry of the credentials' key, created on first use; <c>null</c> when projects use the key with another
    /// secret: a typo'd secret must never replace the one that works for them (<see cref="UpdateProject"/> changes
    /// it once the new one is verified).
    /// </summary>
    private KeyEntry? KeyFor(SinchCredentials credentials)
    {
        var identity = KeyIdentity.Of(credentials);
        if (_keys.TryGetValue(identity, out var key))
        {
            if (key.Credentials.KeySecret == credentials.KeySecret)
                return key;
            if (key.Projects.Count > 0 || _rotations.Values.Any(rotation => rotation.NewKey == key))
                return null;
            // Only removed projects' last requests still use it: they finish on the old secret, new ones get a new manager.
            _keys.Remove(identity);
        }

        var manager = Context.ActorOf(_placement.PropsFor(credentials), $"key-{++_nextKeyNumber}");
        key = new KeyEntry(identity, manager, credentials);
        _keys.Add(identity, key);
        return key;
    }

    private void OnUpdate(SinchCredentials credentials)
    {
        if (!_projects.TryGetValue(credentials.ProjectId, out var project))
        {
            Sender.Tell(new Status.Failure(new SinchUnknownProjectException(credentials.ProjectId)));
            return;
        }

        var identity = KeyIdentity.Of(credentials);
        if (identity == project.Key.Identity)
        {
            // Same key, new secret: its manager fetches with the new one and hands out the old token meanwhile; it
            // goes back to the old secret if the new one is refused or not verified in time.
            var key = project.Key;
            if (key.Credentials.KeySecret == credentials.KeySecret && key.Updates is null)
            {
                Sender.Tell(Akka.Done.Instance);
                return;
            }
            (key.Updates ??= []).Add(new PendingUpdate(credentials, Sender));
            key.Passivated = false;
            key.TokenManager.Tell(new TokenManager.UpdateCredentials(credentials) { ReportTo = Self, Timeout = _settings.UpdateTimeout });
            return;
        }

        // Another key: the project stays on its current key until the new one has produced a token, so no request
        // waits for the switch, and a refused new key leaves the project working on the old one.
        if (KeyFor(credentials) is not { } newKey)
        {
            Sender.Tell(new Status.Failure(KeyConflict(credentials)));
            return;
        }
        newKey.Holds++;
        newKey.Passivated = false;
        var correlationId = ++_nextCorrelationId;
        _rotations.Add(correlationId, new PendingRotation(credentials.ProjectId, newKey, credentials, Sender));
        newKey.TokenManager.Tell(new TokenManager.GetCredential(correlationId, _settings.UpdateTimeout) { ProjectId = credentials.ProjectId });
    }

    private void CompleteRotation(PendingRotation rotation)
    {
        rotation.NewKey.Holds--;
        if (!_projects.TryGetValue(rotation.ProjectId, out var project))
        {
            rotation.ReplyTo.Tell(new Status.Failure(new SinchUnknownProjectException(rotation.ProjectId)));
            ReleaseIfUnused(rotation.NewKey);
            return;
        }

        var oldKey = project.Key;
        if (oldKey != rotation.NewKey)
        {
            oldKey.Projects.Remove(project.Handle);
            rotation.NewKey.Projects.Add(project.Handle);
            project.Key = rotation.NewKey;
            project.Handle.Rebind(rotation.NewKey.TokenManager);
            Hold(new Drain(oldKey, null, RotationGraceChecks));
        }
        _log.Info("Project {0} now uses key {1}.", rotation.ProjectId, rotation.Credentials.KeyId);
        rotation.ReplyTo.Tell(Akka.Done.Instance);
    }

    /// <summary>
    /// The manager verified or refused <paramref name="credentials"/>: answers that update and the older ones it
    /// superseded; later updates wait for their own report.
    /// </summary>
    private void AnswerUpdates(SinchCredentials credentials, SinchException? error)
    {
        if (!_keys.TryGetValue(KeyIdentity.Of(credentials), out var key) || key.Updates is not { } updates)
            return;
        var answered = updates.FindLastIndex(update => ReferenceEquals(update.Credentials, credentials));
        if (answered < 0)
            return;
        if (error is null)
            key.Credentials = credentials;
        else
            _log.Warning("Key {0} keeps its current secret: the new one did not produce a token ({1}).", key.Identity.KeyId, error.Message);
        for (var i = 0; i <= answered; i++)
            updates[i].ReplyTo.Tell(error is null ? Akka.Done.Instance : new Status.Failure(error));
        updates.RemoveRange(0, answered + 1);
        if (updates.Count == 0)
            key.Updates = null;
    }

    private void FailRotation(PendingRotation rotation, SinchException error)
    {
        rotation.NewKey.Holds--;
        _log.Warning("Project {0} keeps its current key: key {1} did not produce a token ({2}).",
            rotation.ProjectId, rotation.Credentials.KeyId, error.Message);
        rotation.ReplyTo.Tell(new Status.Failure(error));
        ReleaseIfUnused(rotation.NewKey);
    }

    private bool Remove(string projectId)
    {
        if (!_projects.Remove(projectId, out var project))
            return false;
        _directory.Withdraw(projectId);
        project.Key.Projects.Remove(project.Handle);
        // Admitted requests may still need the key (a credential wait, a refetch after a 401): it stays until they end.
        Hold(new Drain(project.Key, project.Handle, 0));
        _log.Info("Project {0} removed.", projectId);
        return true;
    }

    private void Hold(Drain drain)
    {
        drain.Key.Holds++;
        _draining.Add(drain);
        if (!Timers.IsTimerActive(DrainTimer))
            Timers.StartPeriodicTimer(DrainTimer, DrainDue.Instance, DrainInterval);
    }

    private void CheckDrains()
    {
        for (var i = _draining.Count - 1; i >= 0; i--)
        {
            var drain = _draining[i];
            if (drain.ChecksLeft > 0)
                _draining[i] = drain with { ChecksLeft = drain.ChecksLeft - 1 };
            else if (drain.Handle is null || Volatile.Read(ref drain.Handle.InFlight) == 0)
            {
                _draining.RemoveAt(i);
                drain.Key.Holds--;
                ReleaseIfUnused(drain.Key);
            }
        }
        if (_draining.Count == 0)
            Timers.Cancel(DrainTimer);
    }

    /// <summary>Stops a key's token manager (dropping its token) once no project, removal or rotation needs it.</summary>
    private void ReleaseIfUnused(KeyEntry key)
    {
        if (key.Released || key.Projects.Count > 0 || key.Holds > 0)
            return;
        key.Released = true;
        if (_keys.TryGetValue(key.Identity, out var current) && current == key)
            _keys.Remove(key.Identity);
        Context.Stop(key.TokenManager);
    }

    private void OnLookUp(string projectId)
    {
        if (_provider is null || _projects.ContainsKey(projectId) || !_directory.ShouldLookUp(projectId))
        {
            Sender.Tell(new LookupDone(null));
            return;
        }
        if (_lookups.TryGetValue(projectId, out var waiting))
        {
            waiting.Add(Sender);
            return;
        }

        _lookups.Add(projectId, [Sender]);
        var expired = new LookupExpired(projectId);
        Timers.StartSingleTimer(expired, expired, _settings.LookupTimeout);
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_settings.LookupTimeout);
        var lookup = AskProvider(_provider, projectId, timeout.Token);
        lookup.ContinueWith(static (_, state) => ((IDisposable)state!).Dispose(), timeout, TaskScheduler.Default);
        lookup.PipeTo(Self,
            success: credentials => new ProviderAnswered(projectId, credentials, null),
            failure: error => new ProviderAnswered(projectId, null, error));
    }

    private void ExpireLookup(string projectId)
    {
        if (!_lookups.Remove(projectId, out var waiting))
            return;
        _log.Warning("The credentials provider did not answer for project {0} within {1}.", projectId, _settings.LookupTimeout);
        var done = new LookupDone(new SinchUnknownProjectException(projectId,
            new TimeoutException($"The credentials provider did not answer within {_settings.LookupTimeout}.")));
        foreach (var waiter in waiting)
            waiter.Tell(done);
    }

    private static async Task<SinchCredentials?> AskProvider(ISinchCredentialsProvider provider, string projectId, CancellationToken cancellationToken) =>
        await provider.GetCredentialsAsync(projectId, cancellationToken).ConfigureAwait(false);

    private void OnProviderAnswered(ProviderAnswered answer)
    {
        var projectId = answer.ProjectId;
        Timers.Cancel(new LookupExpired(projectId));
        Exception? error = answer.Error;
        if (error is null && answer.Credentials is { } credentials)
        {
            if (credentials.ProjectId != projectId)
                error = new InvalidOperationException($"The credentials provider answered project '{credentials.ProjectId}' when asked for '{projectId}'.");
            else if (!_projects.ContainsKey(projectId) && (error = Register(credentials)) is null)
                _log.Info("Project {0} registered from the credentials provider.", projectId);
        }
        else if (error is null)
            _directory.MarkUnknown(projectId, _settings.UnknownProjectCacheDuration);

        if (error is not null)
            _log.Warning("The credentials provider failed for project {0}: {1}", projectId, error.GetType().Name);
        var done = new LookupDone(error is null ? null : new SinchUnknownProjectException(projectId, error));
        if (_lookups.Remove(projectId, out var waiting))
        {
            foreach (var waiter in waiting)
                waiter.Tell(done);
        }
    }

    private void Sweep()
    {
        _directory.PurgeExpiredUnknown();
        if (!_settings.Passivates)
            return;
        foreach (var key in _keys.Values)
        {
            var used = false;
            foreach (var project in key.Projects)
                used |= project.TakeUsed(); // every flag is taken, so the next sweep sees only new use
            if (used)
            {
                key.IdleSweeps = 0;
                key.Passivated = false;
            }
            else if (!key.Passivated && ++key.IdleSweeps >= SweepsPerIdleTimeout)
            {
                key.Passivated = true;
                key.TokenManager.Tell(TokenManager.Passivate.Instance);
            }
        }
    }
}
