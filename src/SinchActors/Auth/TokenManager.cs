using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using SinchActors.Diagnostics;
using SinchActors.Resilience;

namespace SinchActors.Auth;

/// <summary>
/// The token manager of one access key, shared by every project on it. It is always in one of these states:
/// <list type="table">
/// <item><term>Idle</term><description>no token (new, or passivated); the first request fetches one.</description></item>
/// <item><term>Fetching</term><description>the one token request in flight; the current token is served while usable, other callers wait.</description></item>
/// <item><term>Serving</term><description>a usable token; its refresh is scheduled at <c>refresh-fraction</c> of its own lifetime.</description></item>
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
internal sealed partial class TokenManager : UntypedActor, IWithTimers
{
    private const string FetchTimer = "fetch";
    private const string DeadlineTimer = "deadline";
    private const string UpdateTimer = "update";

    private readonly TokenManagerSettings _settings;
    private readonly TokenFetcher _fetcher;
    private readonly TimeProvider _clock;
    private readonly CredentialSlot? _slot;
    private readonly Random _random;
    private readonly FetchBudget _budget;
    private readonly CredentialWaiters _waiters = new();
    private readonly CredentialSubscribers _subscribers = new();
    // Created on first use: a logging adapter per actor is a sizable share of an idle key's memory.
    private ILoggingAdapter? _log;

    private SinchCredentials _credentials; // the verified credentials (or those given at creation)
    private PendingUpdate? _update;        // new credentials until a token verifies them or they are given up
    private IssuedCredential? _current;    // the generation handed out, until replaced or withdrawn
    private long _refreshAt;               // when _current's refresh is due, on _clock
    private long _generation;
    private int _failures;                 // transient failures in a row
    private SinchTokenEndpointException? _lastFailure;
    private long _fetchId;                 // results of any other fetch are stale
    private TokenManagerState _state = TokenManagerState.Idle; // the behaviour in force, for GetState
    private CancellationTokenSource? _fetchCancellation;

    public TokenManager(SinchCredentials credentials, TokenManagerSettings settings, TokenFetcher fetcher, TimeProvider clock,
        CredentialSlot? slot, Random random)
    {
        _credentials = credentials;
        _settings = settings;
        _fetcher = fetcher;
        _clock = clock;
        _slot = slot;
        _random = random;
        _budget = new FetchBudget(settings, clock);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private ILoggingAdapter Log => _log ??= Context.GetLogger();

    private string KeyId => _credentials.KeyId;

    /// <summary>The credentials the next token request uses: the update being verified, else the verified ones.</summary>
    private SinchCredentials Target => _update?.Credentials ?? _credentials;

    /// <summary>Props of the token manager of one access key (OAuth mode; Basic keys get a <see cref="BasicCredentialManager"/>).</summary>
    public static Props Props(SinchCredentials credentials, TokenManagerSettings settings, TokenFetcher fetcher, TimeProvider clock,
        CredentialSlot? slot = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(fetcher);
        ArgumentNullException.ThrowIfNull(clock);
        if (credentials.Mode != SinchAuthMode.OAuth)
            throw new ArgumentException("Basic-mode keys are served by a BasicCredentialManager.", nameof(credentials));
        settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
        return Akka.Actor.Props.Create(() => new TokenManager(credentials, settings, fetcher, clock, slot, random ?? Random.Shared));
    }

    protected override void OnReceive(object message) => Idle(message);

    protected override void PostStop()
    {
        _fetchCancellation?.Cancel();
        _fetchCancellation?.Dispose();
        Withdraw();
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
            case Passivate:
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
            case FetchDue due:
                StartFetch(due.Cause);
                break;
            case TokenRejected rejected:
                Reject(rejected, refetch: true);
                break;
            default:
                Common(message);
                break;
        }
    }

    private void BackingOff(object message)
    {
        switch (message)
        {
            case GetCredential request:
                GrantOrEnqueue(request, fetchIfMissing: false);
                break;
            case FetchDue due:
                StartFetch(due.Cause);
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
            case FetchDue:
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
            case FetchDue:
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
                if (_subscribers.Add(Sender))
                    Context.Watch(Sender);
                if (Usable(_current))
                    Sender.Tell(new CredentialIssued(_current!));
                break;
            case UnsubscribeCredentials:
                if (_subscribers.Remove(Sender))
                    Context.Unwatch(Sender);
                break;
            case Terminated terminated:
                _subscribers.Remove(terminated.ActorRef);
                break;
            case GetState:
                Sender.Tell(new StateReport(_state, _current?.Generation ?? 0, _waiters.Count, _budget.RejectedStreak));
                break;
            case UpdateCredentials update:
                BeginUpdate(update);
                _failures = 0;
                RequestFetch(FetchCause.Update);
                break;
            case UpdateDue:
                GiveUpUpdate();
                break;
            case DeadlineDue:
                _waiters.FailExpired(_clock.GetTimestamp(), Unavailable);
                ScheduleDeadline();
                break;
            case Passivate when _waiters.Count == 0:
                Log.Debug("Key {0} is idle: dropping its token until the next request.", KeyId);
                Timers.Cancel(FetchTimer);
                Withdraw();
                _failures = 0;
                _lastFailure = null;
                Become(TokenManagerState.Idle, Idle);
                break;
            case Passivate or TokenRejected or FetchSucceeded or FetchFailed:
                break; // waiters to serve; nothing current to reject; a stale result
            default:
                Unhandled(message);
                break;
        }
    }

    // ---- Fetching ----

    /// <summary>Starts a token request now, or schedules it when the budget holds it back.</summary>
    private void RequestFetch(FetchCause cause)
    {
        var wait = _budget.WaitFor(cause);
        if (wait <= TimeSpan.Zero)
        {
            StartFetch(cause);
            return;
        }
        Log.Info("Key {0}: token request ({1}) held back {2} by its fetch budget.", KeyId, cause, wait);
        ScheduleFetch(wait, cause);
    }

    // The single place a token request starts.
    private void StartFetch(FetchCause cause)
    {
        _budget.Spend(cause);
        Timers.Cancel(FetchTimer);
        _fetchCancellation?.Dispose();
        _fetchCancellation = new CancellationTokenSource();
        var (credentials, fetchId, clock) = (Target, ++_fetchId, _clock);
        Task<TokenGrant> fetch;
        try
        {
            fetch = _fetcher.FetchAsync(credentials, cause == FetchCause.Refresh, _fetchCancellation.Token);
        }
        catch (Exception e)
        {
            fetch = Task.FromException<TokenGrant>(e);
        }
        fetch.PipeTo(Self,
            success: grant => new FetchSucceeded(fetchId, credentials, grant, clock.GetTimestamp()),
            failure: cause => new FetchFailed(fetchId, credentials, cause));
        Become(TokenManagerState.Fetching, Fetching);
    }

    private void ScheduleFetch(TimeSpan delay, FetchCause cause)
    {
        Timers.StartSingleTimer(FetchTimer, FetchDue.Of(cause), delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
        Become(TokenManagerState.BackingOff, BackingOff);
    }

    private void OnFetched(FetchSucceeded result)
    {
        EndFetch();
        if (!ReferenceEquals(result.Credentials, Target))
        {
            ResumeAfterDiscardedFetch();
            return;
        }
        if (TokenLifetime.Effective(result.Grant.Lifetime, _settings) is not { } lifetime)
        {
            OnFetchFailed(new FetchFailed(result.FetchId, result.Credentials, new SinchTokenEndpointException(result.Credentials.ProjectId,
                TokenFailureKind.LifetimeTooShort, $"expires_in {result.Grant.Lifetime!.Value.TotalSeconds:0.###} s is below " +
                $"sinch-actors.auth.min-lifetime ({_settings.MinLifetime.TotalSeconds:0.###} s)", keyId: KeyId)));
            return;
        }

        var schedule = TokenLifetime.Schedule(lifetime, _settings, _random.NextDouble());
        Issue(new IssuedCredential(++_generation, new("Bearer", result.Grant.AccessToken), result.ArrivedAt + Ticks(schedule.UsableFor), Self));
        _refreshAt = result.ArrivedAt + Ticks(schedule.RefreshAfter);
        _failures = 0;
        _lastFailure = null;
        if (_update is { } update)
        {
            _credentials = update.Credentials;
            EndUpdate(new CredentialsVerified(update.Credentials));
        }
        Log.Info("Key {0}: token generation {1} fetched: lifetime {2}, refresh in {3}.", KeyId, _generation, lifetime,
            _clock.GetElapsedTime(_clock.GetTimestamp(), _refreshAt));
        _waiters.Grant(_current!);
        ScheduleDeadline();
        ServeCurrent();
    }

    private void OnFetchFailed(FetchFailed result)
    {
        EndFetch();
        if (!ReferenceEquals(result.Credentials, Target))
        {
            ResumeAfterDiscardedFetch();
            return;
        }
        var failure = result.Cause as SinchTokenEndpointException ?? new SinchTokenEndpointException(result.Credentials.ProjectId,
            TokenFailureKind.ConnectionFailed, result.Cause.GetType().Name, innerException: result.Cause, keyId: KeyId);
        _lastFailure = failure;

        if (failure.IsPermanent && _update is { } update)
        {
            Log.Warning("Key {0}: the token endpoint refused the updated secret: {1}. Keeping the previous one.", KeyId, failure.Message);
            EndUpdate(new CredentialsRefused(update.Credentials, RefusedError(update.Credentials.ProjectId, failure)));
            ResumeAfterDiscardedFetch();
        }
        else if (failure.IsPermanent)
        {
            Log.Warning("Key {0}: the token endpoint refused it: {1}. Trying again in {2} or when its secret is updated.",
                KeyId, failure.Message, _settings.PermanentFailureRetryInterval);
            Withdraw();
            _waiters.FailAll(project => RefusedError(project, failure));
            ScheduleDeadline();
            ScheduleFetch(_settings.PermanentFailureRetryInterval, FetchCause.Probe);
            Become(TokenManagerState.Refused, message => Refused(message, failure));
        }
        else
        {
            var backoff = Backoff.HonourRetryAfter(Backoff.FullJitter(++_failures, _settings.MinBackoff, _settings.MaxBackoff, _random.NextDouble()),
                failure.RetryAfter, _settings.MaxBackoff);
            var budget = _budget.WaitFor(FetchCause.Retry);
            var delay = backoff > budget ? backoff : budget;
            Log.Warning("Key {0}: token request {1} failed: {2}. Retrying in {3}.", KeyId, _failures, failure.Message, delay);
            ScheduleFetch(delay, FetchCause.Retry);
        }
    }

    /// <summary>After a result for credentials no longer wanted (an update began or was given up meanwhile).</summary>
    private void ResumeAfterDiscardedFetch()
    {
        if (_update is not null)
            RequestFetch(FetchCause.Update);
        else if (Usable(_current))
            ServeCurrent();
        else if (_waiters.Count > 0)
            RequestFetch(FetchCause.Cold);
        else
            Become(TokenManagerState.Idle, Idle);
    }

    private void ServeCurrent()
    {
        Timers.StartSingleTimer(FetchTimer, FetchDue.Of(FetchCause.Refresh), Max0(_clock.GetElapsedTime(_clock.GetTimestamp(), _refreshAt)));
        Become(TokenManagerState.Serving, Serving);
    }

    private void EndFetch()
    {
        _fetchCancellation?.Dispose();
        _fetchCancellation = null;
    }

    // ---- Handing out and rejecting tokens ----

    private void GrantOrEnqueue(GetCredential request, bool fetchIfMissing)
    {
        if (Usable(_current) && _current!.Generation > request.NewerThan)
        {
            Sender.Tell(new CredentialGranted(request.CorrelationId, _current));
            return;
        }
        Enqueue(request);
        // Asking for a newer generation than the current one reports it rejected, whichever message arrives first.
        if (_current is { } current && request.NewerThan >= current.Generation)
            Reject(new TokenRejected(current.Generation), fetchIfMissing);
        else if (fetchIfMissing)
            StartFetch(FetchCause.Refresh); // the refresh was due: its timer is late
    }

    private void Reject(TokenRejected rejected, bool refetch)
    {
        if (_current is not { } current || rejected.Generation != current.Generation)
            return; // an older generation, or one already dropped: at most one refetch per generation
        Withdraw();
        if (_budget.Rejected(current.WasAccepted))
        {
            Log.Warning("Key {0}: Sinch's API rejected {1} fresh tokens in a row before accepting any call ({2}). Failing its " +
                        "requests fast and probing with a new token every {3}.", KeyId, _budget.RejectedStreak,
                rejected.ApiMessage ?? "no message", _settings.RejectedProbeInterval);
            _fetchCancellation?.Cancel();
            _fetchId++; // whatever the request in flight brings is not served
            EndFetch();
            _waiters.FailAll(project => ApiRejectedError(project, rejected.ApiMessage));
            ScheduleDeadline();
            ScheduleFetch(_settings.RejectedProbeInterval, FetchCause.Probe);
            Become(TokenManagerState.RejectedByApi, message => RejectedByApi(message, rejected.ApiMessage));
            return;
        }
        Log.Info("Key {0}: Sinch rejected token generation {1}; fetching a new one.", KeyId, current.Generation);
        if (refetch)
            RequestFetch(FetchCause.Rejection);
    }

    private void Issue(IssuedCredential credential)
    {
        _current = credential;
        _slot?.Publish(credential);
        _subscribers.Tell(new CredentialIssued(credential));
    }

    private void Withdraw()
    {
        if (_current is not { } withdrawn)
            return;
        _current = null;
        _slot?.Clear();
        _subscribers.Tell(new CredentialWithdrawn(withdrawn.Generation));
    }

    private bool Usable(IssuedCredential? credential) => credential is not null && _clock.GetTimestamp() < credential.UsableUntilTimestamp;

    private void Enqueue(GetCredential request)
    {
        var timeout = request.Timeout > TimeSpan.Zero ? request.Timeout : TimeSpan.Zero;
        if (_waiters.Add(Sender, request, _clock.GetTimestamp() + Ticks(timeout)))
            ScheduleDeadline();
    }

    private void ScheduleDeadline()
    {
        if (_waiters.NextDeadline == long.MaxValue)
            Timers.Cancel(DeadlineTimer);
        else
            Timers.StartSingleTimer(DeadlineTimer, DeadlineDue.Instance, Max0(_clock.GetElapsedTime(_clock.GetTimestamp(), _waiters.NextDeadline)));
    }

    // ---- Verifying new secrets ----

    private void BeginUpdate(UpdateCredentials update)
    {
        ArgumentNullException.ThrowIfNull(update.Credentials);
        Log.Info("Key {0}: secret updated; verifying it with a token request.", KeyId);
        var reportTo = _update?.ReportTo ?? [];
        if (update.ReportTo is { } watcher && !reportTo.Contains(watcher))
            reportTo = [.. reportTo, watcher];
        _update = new PendingUpdate(update.Credentials, reportTo);
        Timers.Cancel(UpdateTimer);
        if (update.Timeout is { } timeout)
            Timers.StartSingleTimer(UpdateTimer, UpdateDue.Instance, timeout);
    }

    private void GiveUpUpdate()
    {
        if (_update is not { } update)
            return;
        Log.Warning("Key {0}: the updated secret produced no token in time; keeping the previous one.", KeyId);
        EndUpdate(new CredentialsRefused(update.Credentials,
            new SinchAuthUnavailableException(update.Credentials.ProjectId, _lastFailure, update.Credentials.KeyId)));
        _fetchCancellation?.Cancel(); // a request in flight with the given-up secret ends as a discarded result
    }

    private void EndUpdate(object report)
    {
        foreach (var watcher in _update!.ReportTo)
            watcher.Tell(report);
        _update = null;
        Timers.Cancel(UpdateTimer);
    }

    // ---- Errors: each names the project that asked and the key ----

    private SinchAuthenticationException RefusedError(string? project, SinchTokenEndpointException refusal) =>
        new(project ?? _credentials.ProjectId, KeyId, refusal.StatusCode, refusal.Error, refusal.ErrorDescription);

    private SinchAuthenticationException ApiRejectedError(string? project, string? apiMessage) =>
        new(project ?? _credentials.ProjectId, KeyId, 401, null, apiMessage, SinchAuthenticationFailure.TokensRejectedByApi);

    private SinchException Unavailable(string? project) => new SinchAuthUnavailableException(project ?? _credentials.ProjectId, _lastFailure, KeyId);

    private void Become(TokenManagerState state, UntypedReceive behaviour)
    {
        _state = state;
        Become(behaviour);
    }

    private long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * _clock.TimestampFrequency);

    private static TimeSpan Max0(TimeSpan duration) => duration > TimeSpan.Zero ? duration : TimeSpan.Zero;
}
