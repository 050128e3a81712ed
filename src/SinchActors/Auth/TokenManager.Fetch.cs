using Akka.Actor;
using Akka.Event;
using SinchActors.Resilience;

namespace SinchActors.Auth;

// How a token manager sends token requests and verifies new secrets with them. Every request starts in StartFetch,
// after the key's FetchBudget allowed it (RequestFetch) or at the time it set (ScheduleFetch).
internal sealed partial class TokenManager
{
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
        CancelFetchTimer();
        _fetchCancellation?.Dispose();
        _fetchCancellation = new CancellationTokenSource();
        var (credentials, fetchId) = (Target, ++_fetchId);
        Task<FetchedToken> fetch;
        try
        {
            fetch = _fetcher.FetchAsync(credentials, cause == FetchCause.Refresh, _fetchCancellation.Token);
        }
        catch (Exception e)
        {
            fetch = Task.FromException<FetchedToken>(e);
        }
        fetch.PipeTo(Self,
            success: token => new FetchSucceeded(fetchId, credentials, token),
            failure: cause => new FetchFailed(fetchId, credentials, cause));
        Become(TokenManagerState.Fetching, Fetching);
    }

    /// <summary>Schedules the next token request and backs off until then.</summary>
    private void ScheduleFetch(TimeSpan delay, FetchCause cause)
    {
        var nextFetchAt = StartFetchTimer(delay, cause);
        Become(TokenManagerState.BackingOff, message => BackingOff(message, nextFetchAt));
        if (_lastFailure is not null && !Usable(_current))
        {
            // Waiters whose deadline comes before the next request cannot be served: they fail now, not at their deadline.
            _waiters.FailExpired(nextFetchAt, Unavailable);
            ScheduleDeadline();
        }
    }

    /// <returns>When the request is due, on the clock.</returns>
    private long StartFetchTimer(TimeSpan delay, FetchCause cause)
    {
        _fetchTimer?.Cancel();
        _scheduledFetch = new FetchDue(cause);
        _fetchTimer = Schedule(delay, _scheduledFetch);
        return _clock.GetTimestamp() + Ticks(Max0(delay));
    }

    private void CancelFetchTimer()
    {
        _fetchTimer?.Cancel();
        _fetchTimer = null;
        _scheduledFetch = null;
    }

    private void OnFetched(FetchSucceeded result)
    {
        EndFetch();
        if (!ReferenceEquals(result.Credentials, Target))
        {
            ResumeAfterDiscardedFetch();
            return;
        }
        var (grant, sentAt, sentAtUtc) = result.Token;
        if (TokenLifetime.Effective(grant.Lifetime, _settings) is not { } lifetime)
        {
            OnFetchFailed(new FetchFailed(result.FetchId, result.Credentials, new SinchTokenEndpointException(result.Credentials.ProjectId,
                TokenFailureKind.LifetimeTooShort, $"expires_in {grant.Lifetime!.Value.TotalSeconds:0.###} s is below " +
                $"sinch-actors.auth.min-lifetime ({_settings.MinLifetime.TotalSeconds:0.###} s)", keyId: KeyId)));
            return;
        }

        var schedule = TokenLifetime.Schedule(lifetime, sentAtUtc, _settings, _random.NextDouble());
        var (usableUntil, now) = (sentAt + Ticks(schedule.UsableFor), _clock.GetTimestamp());
        Issue(new IssuedCredential(++_generation, new("Bearer", grant.AccessToken), usableUntil, Self));
        _refreshAt = sentAt + Ticks(schedule.RefreshAfter);
        _failures = 0;
        _lastFailure = null;
        if (_update is { } update)
        {
            _credentials = update.Credentials;
            EndUpdate(new CredentialsVerified(update.Credentials));
        }
        Log.Info("Key {0}: token generation {1} fetched: lifetime {2}, refresh in {3}.", KeyId, _generation, lifetime,
            _clock.GetElapsedTime(now, _refreshAt));
        // A token spent before it arrived is not handed out: its waiters wait for the refresh, which is due already
        // (the round trip outlasted the token: one request per round trip, no faster than its refreshes) or, for a
        // token under 2 s, comes at the next second.
        if (now < usableUntil)
            _waiters.Grant(_current!);
        else
            Log.Warning("Key {0}: token generation {1} was spent when its answer came {2} after the request (lifetime {3}).",
                KeyId, _generation, _clock.GetElapsedTime(sentAt, now), lifetime);
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
            StartFetchTimer(_settings.PermanentFailureRetryInterval, FetchCause.Probe);
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
        _refreshes.Tell(new RefreshScheduler.ScheduleRefresh(_refreshAt, _current!.Generation));
        Become(TokenManagerState.Serving, Serving);
    }

    private void EndFetch()
    {
        _fetchCancellation?.Dispose();
        _fetchCancellation = null;
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
        _updateTimer?.Cancel();
        _updateTimer = update.Timeout is { } timeout ? Schedule(timeout, new UpdateDue(_update)) : null;
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
        _updateTimer?.Cancel();
        _updateTimer = null;
    }

}
