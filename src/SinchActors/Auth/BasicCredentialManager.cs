using Akka.Actor;
using Akka.Event;
using SinchActors.Timing;
using static SinchActors.Auth.TokenManager;

namespace SinchActors.Auth;

/// <summary>
/// Serves a Basic-mode key (test only: the key ID and secret go with every call, and Sinch rate-limits that heavily).
/// It answers <see cref="GetCredential"/> like a token manager but fetches nothing: every call takes a permit of a token
/// bucket refilled at <c>basic-requests-per-second</c> (a burst of one second's worth), so callers wait instead of being
/// throttled by Sinch; a caller whose deadline passes first gets <see cref="SinchAuthUnavailableException"/>. Nothing is
/// pushed to subscribers: every call must pass the bucket. A new secret is in use at once.
/// </summary>
internal sealed class BasicCredentialManager : UntypedActor, IWithTimers
{
    private const string PermitTimer = "permit";
    private const string DeadlineTimer = "deadline";

    private readonly double _rate;
    private readonly TimeProvider _clock;
    private CredentialWaiters _waiters; // a mutable struct: used in place, never copied
    private readonly CredentialSubscribers _subscribers = new(); // told only that the manager ended
    private SinchCredentials _credentials;
    private IssuedCredential _credential;
    private double _permits;
    private long _permitsAt;
    private bool _warned;

    public BasicCredentialManager(SinchCredentials credentials, TokenManagerSettings settings, TimeProvider clock)
    {
        _rate = settings.BasicRequestsPerSecond;
        _clock = clock;
        _credentials = credentials;
        _credential = Credential(credentials);
        _permits = Math.Max(_rate, 1);
        _permitsAt = clock.GetTimestamp();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SinchCredentials credentials, TokenManagerSettings settings, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(clock);
        if (credentials.Mode != SinchAuthMode.Basic)
            throw new ArgumentException("Only Basic-mode keys are served by a BasicCredentialManager.", nameof(credentials));
        settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
        return Akka.Actor.Props.Create(() => new BasicCredentialManager(credentials, settings, clock));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case GetCredential request:
                WarnOnce();
                _waiters.Add(Sender, request, MonotonicDeadline.After(_clock, request.Timeout));
                Serve();
                break;
            case PermitDue:
                Serve();
                break;
            case DeadlineDue:
                _waiters.FailExpired(MonotonicDeadline.Now(_clock),
                    project => new SinchAuthUnavailableException(project ?? _credentials.ProjectId, null, _credentials.KeyId));
                ScheduleDeadline();
                break;
            case UpdateCredentials update:
                _credentials = update.Credentials;
                _credential = Credential(update.Credentials);
                Context.GetLogger().Info("Basic key {0}: secret updated.", _credentials.KeyId);
                update.ReportTo?.Tell(new CredentialsVerified(update.Credentials));
                break;
            case SubscribeCredentials:
                _subscribers.Add(Sender); // nothing to push but the end: every call passes the bucket
                break;
            case TokenRejected or DropToken:
                break; // no token to drop
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PostStop()
    {
        _waiters.FailAll(project => new SinchShutdownException(project ?? _credentials.ProjectId));
        _subscribers.Tell(CredentialsEnded.Instance);
    }

    private void Serve()
    {
        var now = _clock.GetTimestamp();
        _permits = Math.Min(Math.Max(_rate, 1), _permits + _clock.GetElapsedTime(_permitsAt, now).TotalSeconds * _rate);
        _permitsAt = now;
        var granted = Math.Min(_waiters.Count, (int)_permits);
        _permits -= granted;
        _waiters.Grant(_credential, granted);
        ScheduleDeadline();
        if (_waiters.Count > 0)
            Timers.StartSingleTimer(PermitTimer, PermitDue.Instance, TimeSpan.FromSeconds((1 - _permits) / _rate));
    }

    private void ScheduleDeadline()
    {
        if (_waiters.NextDeadline.IsInfinite)
            Timers.Cancel(DeadlineTimer);
        else
            Timers.StartSingleTimer(DeadlineTimer, DeadlineDue.Instance, _waiters.NextDeadline.Delay(_clock));
    }

    private void WarnOnce()
    {
        if (_warned)
            return;
        _warned = true;
        Context.GetLogger().Warning("Key {0} uses Basic authentication, which Sinch rate-limits heavily: use it for testing only. " +
                                    "Limited here to {1} requests per second.", _credentials.KeyId, _rate);
    }

    private IssuedCredential Credential(SinchCredentials credentials) =>
        new(0, credentials.BasicAuthorization, MonotonicDeadline.Infinite, Self, credentials.KeyId);

    private sealed class PermitDue
    {
        public static readonly PermitDue Instance = new();
    }

    private sealed class DeadlineDue
    {
        public static readonly DeadlineDue Instance = new();
    }
}
