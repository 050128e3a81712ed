using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using SinchActors.Diagnostics;

namespace SinchActors.Auth;

/// <summary>
/// The token manager of one access key, shared by every project on it. It is always in one of these states:
/// <list type="table">
/// <item><term>Idle</term><description>no token (new, or passivated); the first request fetches one.</description></item>
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
/// Every token request passes the key's <see cref="FetchBudget"/>. Tokens go to callers on request
/// (<see cref="GetCredential"/>) and to subscribers as they are issued and withdrawn (<see cref="SubscribeCredentials"/>).
/// New secrets are verified here and nowhere else (<see cref="UpdateCredentials"/>).
/// </summary>
internal sealed partial class TokenManager : UntypedActor
{
    private readonly TokenManagerSettings _settings;
    private readonly TokenFetcher _fetcher;
    private readonly TimeProvider _clock;
    private readonly IActorRef _refreshes;
    private readonly Random _random;
    private readonly FetchBudget _budget;
    private CredentialWaiters _waiters; // a mutable struct: used in place, never copied
    private readonly CredentialSubscribers _subscribers = new();

    private SinchCredentials _credentials; // the verified credentials (or those given at creation)
    private PendingUpdate? _update;        // new credentials until a token verifies them or they are given up
    private IssuedCredential? _current;    // the generation handed out, until replaced or withdrawn
    private long _refreshAt;               // when _current's refresh is due, on _clock
    private long _generation;
    private int _failures;                 // transient failures in a row
    private SinchTokenEndpointException? _lastFailure;
    private long _fetchId;                 // results of any other fetch are stale
    private long _replacing;               // the generation whose 401 is being answered with a new token
    private TokenManagerState _state = TokenManagerState.Idle; // the behaviour in force, for GetState
    private CancellationTokenSource? _fetchCancellation;
    // Timers of the states that need one (an idle key has none: its refresh is the RefreshScheduler's), each with the
    // message it sends, so a message already on its way when the timer was replaced is recognised as stale.
    private ICancelable? _fetchTimer;
    private FetchDue? _scheduledFetch;
    private ICancelable? _deadlineTimer;
    private ICancelable? _updateTimer;

    public TokenManager(SinchCredentials credentials, TokenManagerSettings settings, TokenFetcher fetcher, TimeProvider clock,
        IActorRef refreshes, Random random)
    {
        _credentials = credentials;
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

    private string KeyId => _credentials.KeyId;

    /// <summary>The credentials the next token request uses: the update being verified, else the verified ones.</summary>
    private SinchCredentials Target => _update?.Credentials ?? _credentials;

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

    // Not Props.Create(() => new TokenManager(...)): that evaluates the expression's arguments for every key, which made
    // registering 100,000 projects take minutes, and keeps more per key than these six references.
    private sealed class Producer(SinchCredentials credentials, TokenManagerSettings settings, TokenFetcher fetcher, TimeProvider clock,
        IActorRef refreshes, Random random) : IIndirectActorProducer
    {
        public Type ActorType => typeof(TokenManager);

        public ActorBase Produce() => new TokenManager(credentials, settings, fetcher, clock, refreshes, random);

        public void Release(ActorBase actor)
        {
        }
    }

    protected override void OnReceive(object message) => Idle(message);

    protected override void PostStop()
    {
        _fetchCancellation?.Cancel();
        _fetchCancellation?.Dispose();
        _fetchTimer?.Cancel();
        _deadlineTimer?.Cancel();
        _updateTimer?.Cancel();
        Withdraw();
        _subscribers.Tell(CredentialsEnded.Instance);
        _waiters.FailAll(project => new SinchShutdownException(project ?? _credentials.ProjectId));
    }

    // ---- States ----

    private void Idle(object message)
    {
        if (message is GetCredential request)
        {
            Enqueue(request);
            using (SinchActorsTelemetry.TokenFetchCause(request.Trace))
                RequestFetch(FetchCause.Cold);
        }
        else
            Common(message);
    }

    private void Fetching(object message)
    {
        switch (message)
        {
            case GetCredential request:
                GrantOrEnqueue(request, fetchIfMissing: false);
                break;
            case FetchSucceeded succeeded when succeeded.FetchId == _fetchId:
                OnFetched(succeeded);
                break;
            case FetchFailed failed when failed.FetchId == _fetchId:
                OnFetchFailed(failed);
                break;
            case TokenRejected rejected:
                Reject(rejected, refetch: false); // the request in flight brings the next generation
                break;
            case UpdateCredentials update:
                BeginUpdate(update); // the result for the old credentials is discarded and the new ones fetched
                break;
            case DropToken:
                break; // busy
            default:
                Common(message);
                break;
        }
    }

    private void Serving(object message)
    {
        switch (message)
        {
            case GetCredential request:
                GrantOrEnqueue(request, fetchIfMissing: true);
                break;
            case RefreshScheduler.RefreshDue due when due.Generation == _current?.Generation:
                StartFetch(FetchCause.Refresh);
                break;
            case TokenRejected rejected:
                Reject(rejected, refetch: true);
                break;
            default:
                Common(message);
                break;
        }
    }

    // nextFetchAt: when the scheduled request starts, on the clock.
    private void BackingOff(object message, long nextFetchAt)
    {
        switch (message)
        {
            case GetCredential request when _lastFailure is not null && !Usable(_current) && Deadline(request) < nextFetchAt:
                // An outage: no token and none before this caller's deadline, so it learns so now.
                Sender.Tell(new CredentialFailed(request.CorrelationId, Unavailable(request.ProjectId)));
                break;
            case GetCredential request:
                GrantOrEnqueue(request, fetchIfMissing: false);
                break;
            case FetchDue due when due == _scheduledFetch:
                StartFetch(due.Cause);
                break;
            case RefreshScheduler.RefreshDue due when due.Generation == _current?.Generation && _scheduledFetch?.Cause == FetchCause.Rejection:
                // The current token's refresh, outside the budget: it also brings the replacement that a 401's refetch
                // is held back for by min-refetch-interval, so a short token is not left to expire meanwhile.
                StartFetch(FetchCause.Refresh);
                break;
            case TokenRejected rejected:
                Reject(rejected, refetch: false); // a request is scheduled already
                break;
            default:
                Common(message);
                break;
        }
    }

    private void Refused(object message, SinchTokenEndpointException refusal)
    {
        switch (message)
        {
            case GetCredential request:
                Sender.Tell(new CredentialFailed(request.CorrelationId, RefusedError(request.ProjectId, refusal)));
                break;
            case FetchDue due when due == _scheduledFetch:
                StartFetch(FetchCause.Probe);
                break;
            default:
                Common(message);
                break;
        }
    }

    private void RejectedByApi(object message, string? apiMessage)
    {
        switch (message)
        {
            case GetCredential request:
                Sender.Tell(new CredentialFailed(request.CorrelationId, ApiRejectedError(request.ProjectId, apiMessage)));
                break;
            case FetchDue due when due == _scheduledFetch:
                StartFetch(FetchCause.Probe); // the probe token is served; a call the API accepts resets the streak
                break;
            default:
                Common(message);
                break;
        }
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
                Sender.Tell(new StateReport(_state, _current?.Generation ?? 0, _waiters.Count, _budget.RejectedStreak));
                break;
            case GetCurrentCredential:
                Sender.Tell(new CurrentCredential(Usable(_current) ? _current : null));
                break;
            case UpdateCredentials update:
                BeginUpdate(update);
                _failures = 0;
                RequestFetch(FetchCause.Update);
                break;
            case UpdateDue due when ReferenceEquals(due.Update, _update):
                GiveUpUpdate();
                break;
            case DeadlineDue:
                _waiters.FailExpired(_clock.GetTimestamp(), Unavailable);
                ScheduleDeadline();
                break;
            case DropToken when _waiters.Count == 0:
                Log.Debug("Key {0} is idle: dropping its token until the next request.", KeyId);
                CancelFetchTimer();
                Withdraw();
                _failures = 0;
                _lastFailure = null;
                Become(TokenManagerState.Idle, Idle);
                break;
            case DropToken or TokenRejected or FetchSucceeded or FetchFailed or FetchDue or UpdateDue or RefreshScheduler.RefreshDue:
                break; // waiters to serve; nothing current to reject; a stale result or timer
            default:
                Unhandled(message);
                break;
        }
    }


    private void Become(TokenManagerState state, UntypedReceive behaviour)
    {
        _state = state;
        Become(behaviour);
    }

    private ICancelable Schedule(TimeSpan delay, object message) =>
        Context.System.Scheduler.ScheduleTellOnceCancelable(Max0(delay), Self, message, Self);

    private long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * _clock.TimestampFrequency);

    private static TimeSpan Max0(TimeSpan duration) => duration > TimeSpan.Zero ? duration : TimeSpan.Zero;
}
