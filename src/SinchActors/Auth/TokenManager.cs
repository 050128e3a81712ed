using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using SinchActors.Timing;

namespace SinchActors.Auth;

/// <summary>
/// The token manager of one access key, shared by every project on it. It is always in one of these states:
/// <list type="table">
/// <item><term>Idle</term><description>no token (new, or dropped by <see cref="DropToken"/>); the first request fetches one.</description></item>
/// <item><term>Fetching</term><description>the one token request in flight; the current token is served while usable, other callers wait.</description></item>
/// <item><term>Serving</term><description>a usable token; its refresh is scheduled at <c>refresh-fraction</c> of its own
/// lifetime with the runtime's <see cref="RefreshScheduler"/>, which owns the refresh timers of all keys.</description></item>
/// <item><term>BackingOff</term><description>the next request is scheduled: after a transient failure (back-off,
/// <c>Retry-After</c> capped by <c>max-backoff</c>) or because the key's <see cref="FetchBudget"/> holds it back.</description></item>
/// <item><term>Refused</term><description>the endpoint refused the key: callers fail fast; tried again every
/// <c>permanent-failure-retry-interval</c> or at once on new credentials.</description></item>
/// <item><term>RejectedByApi</term><description>the API rejected <c>rejected-generations-limit</c> fresh tokens in a
/// row: callers fail fast; a probe token every <c>rejected-probe-interval</c>; the first call it serves heals the key.</description></item>
/// </list>
/// Each state is a record carrying its own data (see TokenManager.States.cs), and <see cref="Become"/> is the one
/// transition. Every token request passes the key's <see cref="FetchBudget"/>. Tokens go to callers on request
/// (<see cref="GetCredential"/>) and to subscribers as they are issued and withdrawn (<see cref="SubscribeCredentials"/>).
/// New secrets are verified here and nowhere else (<see cref="UpdateCredentials"/>, with <see cref="CredentialRotation"/>);
/// how a refresh is treated is <see cref="RefreshPolicy"/>'s.
/// </summary>
internal sealed partial class TokenManager : UntypedActor
{
    private readonly TokenManagerSettings _settings;
    private readonly TokenFetcher _fetcher;
    private readonly TimeProvider _clock;
    private readonly IActorRef _refreshes;
    private readonly Random _random;
    private readonly FetchBudget _budget;
    private readonly CredentialSubscribers _subscribers = new();
    // Mutable structs used in place, never copied: an idle key pays no object for them.
    private CredentialWaiters _waiters;
    private CredentialRotation _rotation;

    private State _state = Idle.Instance;
    private IssuedCredential? _current;    // the generation handed out, until replaced or withdrawn
    private MonotonicDeadline _refreshAt;  // when _current's refresh is due, on _clock
    private long _generation;
    private long _replacing;               // the generation whose 401 is being answered with a new token
    private Outage? _outage;               // the failures since the last token, or null
    private ICancelable? _deadlineTimer;   // the earliest waiter's deadline

    public TokenManager(SinchCredentials credentials, TokenManagerSettings settings, TokenFetcher fetcher, TimeProvider clock,
        IActorRef refreshes, Random random)
    {
        _rotation = new CredentialRotation(credentials);
        _settings = settings;
        _fetcher = fetcher;
        _clock = clock;
        _refreshes = refreshes;
        _random = random;
        _budget = new FetchBudget(settings, clock);
    }

    // One adapter per actor system, not per key (one would cost an idle key about 200 B); every message names the key.
    private static readonly ConditionalWeakTable<ActorSystem, ILoggingAdapter> Logs = new();

    private ILoggingAdapter Log => Logs.GetValue(Context.System, static system => Logging.GetLogger(system, typeof(TokenManager)));

    private SinchCredentials Credentials => _rotation.Verified;

    private string KeyId => Credentials.KeyId;

    /// <summary>
    /// Props of the token manager of one access key (OAuth mode; Basic keys get a <see cref="BasicCredentialManager"/>);
    /// <paramref name="refreshes"/> is the runtime's <see cref="RefreshScheduler"/>, on the same <paramref name="clock"/>.
    /// </summary>
    public static Props Props(SinchCredentials credentials, TokenManagerSettings settings, TokenFetcher fetcher, TimeProvider clock,
        IActorRef refreshes, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(refreshes);
        if (credentials.Mode != SinchAuthMode.OAuth)
            throw new ArgumentException("Basic-mode keys are served by a BasicCredentialManager.", nameof(credentials));
        settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
        return Akka.Actor.Props.CreateBy(new Producer(credentials, settings, fetcher, clock, refreshes, random ?? Random.Shared));
    }

    // Not Props.Create(() => new TokenManager(...)): that compiles and evaluates the expression's arguments for every key,
    // too slow for registering keys by the hundred thousand, and keeps more per key than these six references.
    private sealed class Producer(SinchCredentials credentials, TokenManagerSettings settings, TokenFetcher fetcher, TimeProvider clock,
        IActorRef refreshes, Random random) : IIndirectActorProducer
    {
        public Type ActorType => typeof(TokenManager);

        public ActorBase Produce() => new TokenManager(credentials, settings, fetcher, clock, refreshes, random);

        public void Release(ActorBase actor)
        {
        }
    }

    protected override void PostStop()
    {
        (_state as Fetching)?.Cancellation.Cancel();
        Leave(_state);
        _deadlineTimer?.Cancel();
        _rotation.CancelTimer();
        Withdraw();
        _subscribers.Tell(CredentialsEnded.Instance);
        _waiters.FailAll(project => new SinchShutdownException(project ?? Credentials.ProjectId));
    }

    /// <summary>What every state handles alike.</summary>
    private void Common(object message)
    {
        switch (message)
        {
            case SubscribeCredentials:
                _subscribers.Add(Sender);
                if (Usable(_current))
                    Sender.Tell(new CredentialIssued(_current!));
                break;
            case GetState:
                Sender.Tell(new StateReport(_state.Kind, _current?.Generation ?? 0, _waiters.Count, _budget.RejectedStreak));
                break;
            case UpdateCredentials update:
                BeginUpdate(update);
                _outage = _outage?.Restarted;
                RequestFetch(FetchCause.Update);
                break;
            case CredentialRotation.TimedOut due when _rotation.IsCurrent(due):
                GiveUpUpdate();
                break;
            case DeadlineDue:
                _waiters.FailExpired(MonotonicDeadline.Now(_clock), Unavailable);
                ScheduleDeadline();
                break;
            case DropToken when _waiters.Count == 0:
                Log.Debug("Key {0} is idle: dropping its token until the next request.", KeyId);
                Withdraw();
                _outage = null;
                Become(Idle.Instance);
                break;
            case DropToken or TokenRejected or FetchSucceeded or FetchFailed or FetchDue or CredentialRotation.TimedOut
                or RefreshScheduler.RefreshDue:
                break; // waiters to serve; nothing current to reject; a stale result or timer
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>The token requests that failed since the last token was issued.</summary>
    /// <param name="Retries">Transient failures in a row: the back-off's exponent (new credentials start it again).</param>
    /// <param name="Last">The last failure: the cause callers hear while no token is usable.</param>
    private sealed record Outage(int Retries, SinchTokenEndpointException Last)
    {
        public Outage Restarted => this with { Retries = 0 };
    }

    private ICancelable Schedule(TimeSpan delay, object message) =>
        Context.System.Scheduler.ScheduleTellOnceCancelable(Max0(delay), Self, message, Self);

    private static TimeSpan Max0(TimeSpan duration) => duration > TimeSpan.Zero ? duration : TimeSpan.Zero;
}
