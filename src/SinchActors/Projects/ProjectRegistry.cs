using Akka.Actor;
using Akka.Event;
using SinchActors.Auth;
using SinchActors.Diagnostics;

namespace SinchActors.Projects;

/// <summary>
/// Owns the projects of a runtime: one token manager (a child) per access key, shared by every project using that
/// key; adds, rotates and removes projects while requests flow; looks unknown projects up with the credentials
/// provider; passivates keys nobody used for the idle timeout. It publishes handles into the
/// <see cref="ProjectDirectory"/>, so requests never need a message to it.
/// </summary>
internal sealed partial class ProjectRegistry : UntypedActor, IWithTimers
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
    private readonly RuntimeLog _events;
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
        ISinchCredentialsProvider? provider, TimeProvider clock, RuntimeLog events)
    {
        _events = events;
        _directory = directory;
        _settings = settings;
        _placement = placement;
        _provider = provider;
        _clock = clock;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ProjectDirectory directory, ProjectRegistrySettings settings, ITokenManagerPlacement placement,
        ISinchCredentialsProvider? provider, TimeProvider clock, RuntimeLog events) =>
        Akka.Actor.Props.Create(() => new ProjectRegistry(directory, settings.Validate(), placement, provider, clock, events));

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
}
