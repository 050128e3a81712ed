using Akka.Actor;
using Akka.Event;

namespace SinchActors.Auth;

/// <summary>
/// Owns the access token of one access key (shared by every project on that key): fetches it once however many callers need it, refreshes it before
/// it expires, publishes it in a <see cref="CredentialSlot"/> for lock-free reads, and turns token-endpoint
/// failures into back-off (transient) or fast, typed failures (refused key).
/// </summary>
public sealed class TokenManager : UntypedActor, IWithTimers
{
    private const string RefreshTimer = "refresh";
    private const string RetryTimer = "retry";
    private const string DeadlineTimer = "deadline";
    private const string BasicPermitTimer = "basic-permit";
    private const string UpdateTimer = "update";

    private readonly TokenManagerSettings _settings;
    private readonly ITokenClient _tokenClient;
    private readonly CredentialSlot _slot;
    private readonly TimeProvider _clock;
    private readonly Random _random;
    // Created on first use: a logging adapter per actor is a sizable share of an idle project's memory.
    private ILoggingAdapter? _logAdapter;
    private readonly List<Waiter> _waiters = [];

    private SinchCredentials _credentials;
    // The credentials given at creation or, since, the last update that produced a token: an update the token
    // endpoint refuses (or does not confirm in time) goes back to them, so a bad new secret never replaces a working one.
    private SinchCredentials _accepted;
    private IssuedCredential? _current;
    private long _generation;

    private bool _fetchInFlight;
    private CancellationTokenSource? _fetchCancellation;
    private bool _retryScheduled;
    private int _consecutiveFailures;
    private SinchTokenEndpointException? _lastFailure;
    private SinchTokenEndpointException? _refusal;
    private long _nextDeadlineCheck = long.MaxValue;

    private List<IActorRef>? _updateWatchers;

    private IssuedCredential? _basicCredential;
    private double _basicPermits;
    private long _basicPermitsAt;
    private bool _basicWarned;

    /// <summary>Creates the manager; use <see cref="Props(SinchCredentials, TokenManagerSettings, ITokenClient, CredentialSlot)"/>.</summary>
    /// <param name="credentials">The project's key.</param>
    /// <param name="settings">Validated settings.</param>
    /// <param name="tokenClient">Fetches tokens.</param>
    /// <param name="slot">Where the token is published; its clock is the manager's clock.</param>
    /// <param name="random">The jitter source.</param>
    public TokenManager(SinchCredentials credentials, TokenManagerSettings settings, ITokenClient tokenClient, CredentialSlot slot, Random random)
    {
        _credentials = credentials;
        _accepted = credentials;
        _settings = settings;
        _tokenClient = tokenClient;
        _slot = slot;
        _clock = slot.Clock;
        _random = random;
        ApplyMode();
    }

    private ILoggingAdapter Log => _logAdapter ??= Context.GetLogger();

    /// <inheritdoc />
    protected override void OnReceive(object message)
    {
        // A switch rather than ReceiveActor's per-instance handler tables: thousands of managers sit idle.
        switch (message)
        {
            case GetCredential request:
                OnGetCredential(request);
                break;
            case TokenRejected rejected:
                OnTokenRejected(rejected);
                break;
            case UpdateCredentials update:
                OnUpdateCredentials(update);
                break;
            case Passivate:
                OnPassivate();
                break;
            case FetchSucceeded succeeded:
                OnFetchSucceeded(succeeded);
                break;
            case FetchFailed failed:
                OnFetchFailed(failed);
                break;
            case RefreshDue:
                EnsureFetch();
                break;
            case RetryDue:
                _retryScheduled = false;
                StartFetch();
                break;
            case DeadlineDue:
                ExpireWaiters();
                break;
            case BasicPermitDue:
                ServeBasicWaiters();
                break;
            case UpdateDue:
                OnUpdateDue();
                break;
            case SubscribeCredentials or UnsubscribeCredentials or Terminated:
                OnSubscription(message);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Set by Akka.NET: the actor's timers.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the token manager of one access key.</summary>
    /// <param name="credentials">The project's key.</param>
    /// <param name="settings">Refresh, back-off and rate-limit knobs.</param>
    /// <param name="tokenClient">Fetches tokens; shared by all managers.</param>
    /// <param name="slot">Where the manager publishes its token for workers; its clock is the manager's clock.</param>
    /// <returns>The props.</returns>
    public static Props Props(SinchCredentials credentials, TokenManagerSettings settings, ITokenClient tokenClient, CredentialSlot slot) =>
        Props(credentials, settings, tokenClient, slot, Random.Shared);

    /// <summary>Props with a chosen random source, so tests can pin the jitter.</summary>
    internal static Props Props(SinchCredentials credentials, TokenManagerSettings settings, ITokenClient tokenClient, CredentialSlot slot, Random random)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(tokenClient);
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(random);
        settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
        return Akka.Actor.Props.Create(() => new TokenManager(credentials, settings, tokenClient, slot, random));
    }

    /// <summary>Asks for a credential; the reply (<see cref="CredentialGranted"/> or <see cref="CredentialFailed"/>) goes to the sender.</summary>
    /// <param name="CorrelationId">Echoed in the reply.</param>
    /// <param name="Timeout">The reply comes no later than this (within the scheduler's tick), counted from when the manager receives the request.</param>
    /// <param name="Trace">The asking request's span: a token fetch this request starts is traced as its child.</param>
    public sealed record GetCredential(long CorrelationId, TimeSpan Timeout, System.Diagnostics.ActivityContext Trace = default);

    /// <summary>A usable credential for <see cref="GetCredential"/>.</summary>
    /// <param name="CorrelationId">The request's correlation ID.</param>
    /// <param name="Credential">The credential to send.</param>
    public sealed record CredentialGranted(long CorrelationId, IssuedCredential Credential);

    /// <summary>
    /// No credential for <see cref="GetCredential"/>: <see cref="SinchAuthenticationException"/> when the key was
    /// refused, <see cref="SinchAuthUnavailableException"/> when the deadline passed during an outage.
    /// </summary>
    /// <param name="CorrelationId">The request's correlation ID.</param>
    /// <param name="Error">Why there is no credential.</param>
    public sealed record CredentialFailed(long CorrelationId, SinchException Error);

    /// <summary>Sinch answered 401 to a request sent with this generation; if it is current, it is dropped and refetched once.</summary>
    /// <param name="Generation">The generation of the rejected credential.</param>
    public sealed record TokenRejected(long Generation);

    /// <summary>
    /// Replaces the key (rotation, or a fix after a refusal); a fresh token is fetched at once while the current one
    /// keeps being handed out.
    /// </summary>
    /// <param name="Credentials">The new credentials.</param>
    public sealed record UpdateCredentials(SinchCredentials Credentials)
    {
        /// <summary>
        /// When set, receives <see cref="CredentialsVerified"/> once the latest credentials produced a token, or
        /// <see cref="CredentialsRefused"/> when the token endpoint refused them or <see cref="Timeout"/> passed.
        /// </summary>
        public IActorRef? ReportTo { get; init; }

        /// <summary>
        /// When set, credentials not verified within this time are given up: the manager goes back to the previous
        /// ones and reports <see cref="CredentialsRefused"/> with a
        /// <see cref="SinchAuthUnavailableException"/>.
        /// </summary>
        public TimeSpan? Timeout { get; init; }
    }

    /// <summary>The credentials of an <see cref="UpdateCredentials"/> produced a token.</summary>
    /// <param name="Credentials">The credentials in use.</param>
    public sealed record CredentialsVerified(SinchCredentials Credentials);

    /// <summary>
    /// The credentials of an <see cref="UpdateCredentials"/> were not taken: the manager uses the previous ones again.
    /// </summary>
    /// <param name="Credentials">The refused credentials.</param>
    /// <param name="Error">
    /// <see cref="SinchAuthenticationException"/> when the token endpoint refused them,
    /// <see cref="SinchAuthUnavailableException"/> when <see cref="UpdateCredentials.Timeout"/> passed first. Without the secret.
    /// </param>
    public sealed record CredentialsRefused(SinchCredentials Credentials, SinchException Error);

    /// <summary>
    /// Nobody used the key for a while: stop refreshing and drop the token (and a refusal, so the next request tries
    /// again). Ignored while callers wait or a fetch runs. The next <see cref="GetCredential"/> fetches again.
    /// </summary>
    public sealed class Passivate
    {
        /// <summary>The one instance.</summary>
        public static readonly Passivate Instance = new();

        private Passivate()
        {
        }
    }

    private sealed record FetchSucceeded(SinchCredentials Credentials, TokenGrant Grant, long ArrivedAt);

    private sealed record FetchFailed(SinchCredentials Credentials, Exception Cause);

    private sealed class RefreshDue
    {
        public static readonly RefreshDue Instance = new();
    }

    private sealed class RetryDue
    {
        public static readonly RetryDue Instance = new();
    }

    private sealed class DeadlineDue
    {
        public static readonly DeadlineDue Instance = new();
    }

    private sealed class BasicPermitDue
    {
        public static readonly BasicPermitDue Instance = new();
    }

    private sealed class UpdateDue
    {
        public static readonly UpdateDue Instance = new();
    }

    private readonly record struct Waiter(IActorRef ReplyTo, long CorrelationId, long Deadline);

    private string ProjectId => _credentials.ProjectId;

    private bool IsBasic => _credentials.Mode == SinchAuthMode.Basic;

    /// <inheritdoc />
    protected override void PostStop()
    {
        _fetchCancellation?.Cancel();
        _fetchCancellation?.Dispose();
        PushWithdrawn(_current);
        _slot.Clear();
        foreach (var waiter in _waiters)
            waiter.ReplyTo.Tell(new CredentialFailed(waiter.CorrelationId, new SinchShutdownException(ProjectId)));
        _waiters.Clear();
    }

    private void OnGetCredential(GetCredential request)
    {
        if (IsBasic)
        {
            WarnBasicOnce();
            Enqueue(request);
            ServeBasicWaiters();
            return;
        }

        if (TryGetUsable(out var credential))
            Sender.Tell(new CredentialGranted(request.CorrelationId, credential));
        else if (_refusal is not null)
            Sender.Tell(new CredentialFailed(request.CorrelationId, ToAuthenticationError(_refusal)));
        else
        {
            Enqueue(request);
            using (Diagnostics.SinchActorsTelemetry.TokenFetchCause(request.Trace))
                EnsureFetch();
        }
    }

    private void OnTokenRejected(TokenRejected rejected)
    {
        // Only the current generation counts: a 401 for an older token says nothing about the current one,
        // and once dropped, further 401s for the same generation must not trigger more fetches.
        if (_current is null || rejected.Generation != _current.Generation)
            return;

        Log.Info("Access token generation {0} of project {1} was rejected by Sinch; fetching a new one.", rejected.Generation, ProjectId);
        PushWithdrawn(_current);
        _current = null;
        _slot.Clear();
        Timers.Cancel(RefreshTimer);
        EnsureFetch();
    }

    private void OnUpdateCredentials(UpdateCredentials update)
    {
        ArgumentNullException.ThrowIfNull(update.Credentials);
        _credentials = update.Credentials;
        Timers.Cancel(UpdateTimer);
        if (update.Timeout is { } timeout)
            Timers.StartSingleTimer(UpdateTimer, UpdateDue.Instance, timeout);
        Log.Info("Credentials of project {0} updated to key {1} ({2} mode).", ProjectId, _credentials.KeyId, _credentials.Mode);
        _refusal = null;
        _lastFailure = null;
        _consecutiveFailures = 0;
        _retryScheduled = false;
        Timers.Cancel(RetryTimer);
        if (update.ReportTo is not null && _updateWatchers?.Contains(update.ReportTo) != true)
            (_updateWatchers ??= []).Add(update.ReportTo);
        ApplyMode();
        if (IsBasic)
        {
            _accepted = _credentials;
            Timers.Cancel(UpdateTimer);
            ReportUpdate(new CredentialsVerified(_credentials));
        }

        if (IsBasic)
            ServeBasicWaiters();
        else if (!_fetchInFlight)
            StartFetch(); // an in-flight fetch used the old key: its result is discarded and refetched on arrival
    }

    private void OnPassivate()
    {
        if (_waiters.Count > 0 || _fetchInFlight || IsBasic)
            return;
        Log.Debug("Project {0} is idle: dropping its token until the next request.", ProjectId);
        Timers.CancelAll();
        PushWithdrawn(_current);
        _current = null;
        _slot.Clear();
        _refusal = null;
        _retryScheduled = false;
        _consecutiveFailures = 0;
        _fetchCancellation?.Dispose();
        _fetchCancellation = null;
        _nextDeadlineCheck = long.MaxValue;
    }

    private void OnUpdateDue()
    {
        if (ReferenceEquals(_credentials, _accepted))
            return;
        var unverified = _credentials;
        Log.Warning("Key {0} of project {1}: the updated credentials produced no token in time.", unverified.KeyId, ProjectId);
        RevertUpdate();
        ReportUpdate(new CredentialsRefused(unverified, new SinchAuthUnavailableException(unverified.ProjectId, _lastFailure)));
    }

    /// <summary>Goes back to the accepted credentials (see <see cref="_accepted"/>).</summary>
    private void RevertUpdate()
    {
        Timers.Cancel(UpdateTimer);
        if (ReferenceEquals(_credentials, _accepted))
            return;
        _credentials = _accepted;
        _refusal = null;
        _consecutiveFailures = 0;
        ApplyMode();
        // A fetch in flight uses the given-up credentials: cut it short; its failure is discarded and these are fetched.
        if (_fetchInFlight)
            _fetchCancellation?.Cancel();
        else if (_current is null || _waiters.Count > 0)
            EnsureFetch();
    }

    private void ReportUpdate(object report)
    {
        if (_updateWatchers is null)
            return;
        foreach (var watcher in _updateWatchers)
            watcher.Tell(report);
        _updateWatchers = null;
    }

    private void ApplyMode()
    {
        if (!IsBasic)
        {
            _basicCredential = null;
            return;
        }

        PushWithdrawn(_current);
        _current = null;
        _slot.Clear(); // every Basic call must pass the rate limiter, so nothing is cached for lock-free reads
        Timers?.Cancel(RefreshTimer);
        _basicCredential = new IssuedCredential(0, _credentials.BasicAuthorization, long.MinValue, Self);
        _basicPermits = _settings.BasicRequestsPerSecond;
        _basicPermitsAt = _clock.GetTimestamp();
    }

    private bool TryGetUsable(out IssuedCredential credential)
    {
        credential = _current!;
        return _current is not null && _clock.GetTimestamp() < _current.UsableUntilTimestamp;
    }

    private void EnsureFetch()
    {
        if (_fetchInFlight || _retryScheduled || _refusal is not null || IsBasic)
            return;
        StartFetch();
    }

    // The single place a token request starts. The runtime's token client waits for a permit of the global cap on
    // concurrent fetches (TokenFetchLimiter) before it sends, so a queued fetch looks like a slow one here.
    private void StartFetch()
    {
        if (IsBasic)
            return;

        _fetchInFlight = true;
        _fetchCancellation?.Dispose();
        _fetchCancellation = new CancellationTokenSource();
        var credentials = _credentials;
        var clock = _clock;
        Task<TokenGrant> fetch;
        try
        {
            fetch = _tokenClient.FetchAsync(credentials, _fetchCancellation.Token);
        }
        catch (Exception e)
        {
            fetch = Task.FromException<TokenGrant>(e);
        }

        fetch.PipeTo(Self,
            success: grant => new FetchSucceeded(credentials, grant, clock.GetTimestamp()),
            failure: cause => new FetchFailed(credentials, cause));
    }

    private void OnFetchSucceeded(FetchSucceeded result)
    {
        _fetchInFlight = false;
        if (!ReferenceEquals(result.Credentials, _credentials))
        {
            StartFetch();
            return;
        }

        var lifetime = result.Grant.Lifetime;
        var usable = lifetime - _settings.SafetyMargin;
        if (usable <= TimeSpan.Zero)
        {
            OnFetchFailed(new FetchFailed(result.Credentials, new SinchTokenEndpointException(ProjectId, TokenFailureKind.InvalidExpiresIn,
                $"the token lifetime of {lifetime} is not longer than the safety margin of {_settings.SafetyMargin}")));
            return;
        }

        _current = new IssuedCredential(++_generation, new("Bearer", result.Grant.AccessToken), result.ArrivedAt + ToTicks(usable), Self);
        _slot.Publish(_current);
        PushIssued(_current);
        _consecutiveFailures = 0;
        _lastFailure = null;
        _refusal = null;
        _accepted = _credentials;
        Timers.Cancel(UpdateTimer);

        var jitter = (_random.NextDouble() * 2 - 1) * _settings.RefreshJitter;
        var refreshAfter = lifetime * (_settings.RefreshFraction + jitter);
        if (refreshAfter > usable)
            refreshAfter = usable;
        var refreshIn = refreshAfter - _clock.GetElapsedTime(result.ArrivedAt);
        Timers.StartSingleTimer(RefreshTimer, RefreshDue.Instance, refreshIn > TimeSpan.Zero ? refreshIn : TimeSpan.Zero);
        Log.Info("Access token generation {0} of project {1} fetched: lifetime {2}, refresh in {3}.", _generation, ProjectId, lifetime, refreshIn);

        foreach (var waiter in _waiters)
            waiter.ReplyTo.Tell(new CredentialGranted(waiter.CorrelationId, _current));
        _waiters.Clear();
        ReportUpdate(new CredentialsVerified(_credentials));
    }

    private void OnFetchFailed(FetchFailed result)
    {
        _fetchInFlight = false;
        if (!ReferenceEquals(result.Credentials, _credentials))
        {
            StartFetch();
            return;
        }

        var failure = result.Cause as SinchTokenEndpointException
            ?? new SinchTokenEndpointException(ProjectId, TokenFailureKind.ConnectionFailed, result.Cause.GetType().Name, innerException: result.Cause);
        _lastFailure = failure;

        if (failure.IsPermanent && !ReferenceEquals(_credentials, _accepted))
        {
            var refused = _credentials;
            Log.Warning("The token endpoint refused the updated key {0} of project {1}: {2}. Keeping the previous credentials.",
                refused.KeyId, ProjectId, failure.Message);
            var error = ToAuthenticationError(failure);
            RevertUpdate();
            ReportUpdate(new CredentialsRefused(refused, error));
            return;
        }

        if (failure.IsPermanent)
        {
            _refusal = failure;
            Log.Warning("The token endpoint refused key {0} of project {1}: {2}. Retrying in {3} or when credentials are updated.",
                _credentials.KeyId, ProjectId, failure.Message, _settings.PermanentFailureRetryInterval);
            foreach (var waiter in _waiters)
                waiter.ReplyTo.Tell(new CredentialFailed(waiter.CorrelationId, ToAuthenticationError(failure)));
            _waiters.Clear();
            ReportUpdate(new CredentialsRefused(_credentials, ToAuthenticationError(failure)));
            ScheduleRetry(_settings.PermanentFailureRetryInterval);
            return;
        }

        _consecutiveFailures++;
        var delay = failure.RetryAfter ?? FullJitterBackoff(_consecutiveFailures);
        Log.Warning("Token request {0} of project {1} failed: {2}. Retrying in {3}.", _consecutiveFailures, ProjectId, failure.Message, delay);
        ScheduleRetry(delay);
    }

    private TimeSpan FullJitterBackoff(int failures)
    {
        var cap = _settings.MinBackoff * Math.Pow(2, Math.Min(failures - 1, 30));
        if (cap > _settings.MaxBackoff)
            cap = _settings.MaxBackoff;
        return cap * _random.NextDouble();
    }

    private void ScheduleRetry(TimeSpan delay)
    {
        _retryScheduled = true;
        Timers.StartSingleTimer(RetryTimer, RetryDue.Instance, delay);
    }

    private void Enqueue(GetCredential request)
    {
        var deadline = _clock.GetTimestamp() + ToTicks(request.Timeout > TimeSpan.Zero ? request.Timeout : TimeSpan.Zero);
        _waiters.Add(new Waiter(Sender, request.CorrelationId, deadline));
        if (deadline < _nextDeadlineCheck)
            ScheduleDeadlineCheck(deadline);
    }

    private void ScheduleDeadlineCheck(long deadline)
    {
        _nextDeadlineCheck = deadline;
        if (deadline == long.MaxValue)
        {
            Timers.Cancel(DeadlineTimer);
            return;
        }

        var delay = _clock.GetElapsedTime(_clock.GetTimestamp(), deadline);
        Timers.StartSingleTimer(DeadlineTimer, DeadlineDue.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    private void ExpireWaiters()
    {
        var now = _clock.GetTimestamp();
        var next = long.MaxValue;
        var kept = 0;
        for (var i = 0; i < _waiters.Count; i++)
        {
            var waiter = _waiters[i];
            if (waiter.Deadline <= now)
                waiter.ReplyTo.Tell(new CredentialFailed(waiter.CorrelationId, new SinchAuthUnavailableException(ProjectId, _lastFailure)));
            else
            {
                _waiters[kept++] = waiter;
                next = Math.Min(next, waiter.Deadline);
            }
        }

        _waiters.RemoveRange(kept, _waiters.Count - kept);
        ScheduleDeadlineCheck(next);
    }

    private void WarnBasicOnce()
    {
        if (_basicWarned)
            return;
        _basicWarned = true;
        Log.Warning("Project {0} uses Basic authentication, which Sinch rate-limits heavily: use it for testing only. " +
                     "Limited here to {1} requests per second.", ProjectId, _settings.BasicRequestsPerSecond);
    }

    // A token bucket refilled continuously at the configured rate, with a burst of one second's worth.
    private void ServeBasicWaiters()
    {
        if (_basicCredential is null)
            return;

        var now = _clock.GetTimestamp();
        var rate = _settings.BasicRequestsPerSecond;
        _basicPermits = Math.Min(Math.Max(rate, 1), _basicPermits + _clock.GetElapsedTime(_basicPermitsAt, now).TotalSeconds * rate);
        _basicPermitsAt = now;

        var served = 0;
        while (served < _waiters.Count && _basicPermits >= 1)
        {
            var waiter = _waiters[served++];
            _basicPermits -= 1;
            waiter.ReplyTo.Tell(new CredentialGranted(waiter.CorrelationId, _basicCredential));
        }

        _waiters.RemoveRange(0, served);
        if (_waiters.Count > 0)
            Timers.StartSingleTimer(BasicPermitTimer, BasicPermitDue.Instance, TimeSpan.FromSeconds((1 - _basicPermits) / rate));
    }

    private SinchAuthenticationException ToAuthenticationError(SinchTokenEndpointException refusal) =>
        new(ProjectId, _credentials.KeyId, refusal.StatusCode, refusal.Error, refusal.ErrorDescription);

    // ---- Push contract (issue 11): subscribers receive every new generation and every withdrawal. ----------------

    /// <summary>
    /// The sender becomes a subscriber (death-watched; subscribing twice is harmless) and receives
    /// <see cref="CredentialIssued"/> at once when a usable credential is held, then for every new generation, and
    /// <see cref="CredentialWithdrawn"/> when a generation must no longer be used. Basic mode never pushes: every
    /// Basic call passes the rate limiter through <see cref="GetCredential"/>.
    /// </summary>
    public sealed class SubscribeCredentials
    {
        /// <summary>The one instance.</summary>
        public static readonly SubscribeCredentials Instance = new();

        private SubscribeCredentials()
        {
        }
    }

    /// <summary>Ends a <see cref="SubscribeCredentials"/>.</summary>
    public sealed class UnsubscribeCredentials
    {
        /// <summary>The one instance.</summary>
        public static readonly UnsubscribeCredentials Instance = new();

        private UnsubscribeCredentials()
        {
        }
    }

    /// <summary>A new generation, told to every subscriber; the subscriber still checks its expiry before sending it.</summary>
    /// <param name="Credential">The credential.</param>
    public sealed record CredentialIssued(IssuedCredential Credential);

    /// <summary>
    /// Generation <paramref name="Generation"/> must no longer be used (rejected by a 401, passivated, key changed or
    /// refused, manager stopping).
    /// </summary>
    /// <param name="Generation">The withdrawn generation.</param>
    public sealed record CredentialWithdrawn(long Generation);

    private HashSet<IActorRef>? _subscribers;

    private void OnSubscription(object message)
    {
        switch (message)
        {
            case SubscribeCredentials:
                if ((_subscribers ??= []).Add(Sender))
                    Context.Watch(Sender);
                if (!IsBasic && TryGetUsable(out var credential))
                    Sender.Tell(new CredentialIssued(credential));
                break;
            case UnsubscribeCredentials:
                if (_subscribers?.Remove(Sender) == true)
                    Context.Unwatch(Sender);
                break;
            case Terminated terminated:
                _subscribers?.Remove(terminated.ActorRef);
                break;
        }
    }

    private void PushIssued(IssuedCredential credential)
    {
        if (_subscribers is null || _subscribers.Count == 0)
            return;
        var issued = new CredentialIssued(credential);
        foreach (var subscriber in _subscribers)
            subscriber.Tell(issued);
    }

    private void PushWithdrawn(IssuedCredential? credential)
    {
        if (credential is null || _subscribers is null || _subscribers.Count == 0)
            return;
        var withdrawn = new CredentialWithdrawn(credential.Generation);
        foreach (var subscriber in _subscribers)
            subscriber.Tell(withdrawn);
    }

    // ---- End of the push contract. ---------------------------------------------------------------------------------

    private long ToTicks(TimeSpan duration) => (long)(duration.TotalSeconds * _clock.TimestampFrequency);
}
