using Akka.Actor;
using Akka.Event;
using SinchActors.Resilience;
using SinchActors.Timing;

namespace SinchActors.Auth;

// How a token manager sends token requests and verifies new secrets with them. Every request starts in StartFetch,
// after the key's FetchBudget allowed it (RequestFetch) or at the time it set (a Waiting state's timer).
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
        BackOff(wait, cause);
    }

    // The single place a token request starts.
    private void StartFetch(FetchCause cause)
    {
        _budget.Spend(cause);
        var fetching = new Fetching(new CancellationTokenSource());
        Become(fetching);
        var credentials = _rotation.Target;
        Task<FetchedToken> fetch;
        try
        {
            fetch = _fetcher.FetchAsync(credentials, RefreshPolicy.GoesAhead(cause), fetching.Cancellation.Token);
        }
        catch (Exception e)
        {
            fetch = Task.FromException<FetchedToken>(e);
        }
        fetch.PipeTo(Self,
            success: token => new FetchSucceeded(fetching, credentials, token),
            failure: cause => new FetchFailed(fetching, credentials, cause));
    }

    /// <summary>Schedules the next token request and backs off until then.</summary>
    private void BackOff(TimeSpan delay, FetchCause cause)
    {
        var (next, timer) = ScheduleFetch(delay, cause);
        var nextFetchAt = MonotonicDeadline.After(_clock, delay);
        Become(new BackingOff(next, timer, nextFetchAt));
        if (_outage is not null && !Usable(_current))
        {
            // Waiters whose deadline comes before the next request cannot be served: they fail now, not at their deadline.
            _waiters.FailExpired(nextFetchAt, Unavailable);
            ScheduleDeadline();
        }
    }

    private (FetchDue Next, ICancelable Timer) ScheduleFetch(TimeSpan delay, FetchCause cause)
    {
        var next = new FetchDue(cause);
        return (next, Schedule(delay, next));
    }

    private void OnFetched(FetchSucceeded result)
    {
        if (!ReferenceEquals(result.Credentials, _rotation.Target))
        {
            ResumeAfterDiscardedFetch();
            return;
        }
        var (grant, sentAt, sentAtUtc) = result.Token;
        if (TokenLifetime.Effective(grant.Lifetime, _settings) is not { } lifetime)
        {
            OnFetchFailed(new FetchFailed(result.Fetch, result.Credentials, new SinchTokenEndpointException(result.Credentials.ProjectId,
                TokenFailureKind.LifetimeTooShort, $"expires_in {grant.Lifetime!.Value.TotalSeconds:0.###} s is below " +
                $"sinch-actors.auth.min-lifetime ({_settings.MinLifetime.TotalSeconds:0.###} s)", keyId: KeyId)));
            return;
        }

        var schedule = TokenLifetime.Schedule(lifetime, sentAtUtc, _settings, _random.NextDouble());
        var (usableUntil, now) = (sentAt.Plus(schedule.UsableFor, _clock), MonotonicDeadline.Now(_clock));
        Issue(new IssuedCredential(++_generation, new("Bearer", grant.AccessToken), usableUntil, Self, KeyId));
        _refreshAt = sentAt.Plus(schedule.RefreshAfter, _clock);
        _outage = null;
        _rotation.Verify();
        Log.Info("Key {0}: token generation {1} fetched: lifetime {2}, refresh in {3}.", KeyId, _generation, lifetime,
            now.Until(_refreshAt, _clock));
        // A token spent before it arrived is not handed out: its waiters wait for the refresh, which is due already
        // (the round trip outlasted the token: one request per round trip, no faster than its refreshes) or, for a
        // token under 2 s, comes at the next second.
        if (now < usableUntil)
            _waiters.Grant(_current!);
        else
            Log.Warning("Key {0}: token generation {1} was spent when its answer came {2} after the request (lifetime {3}).",
                KeyId, _generation, sentAt.Until(now, _clock), lifetime);
        ScheduleDeadline();
        ServeCurrent();
    }

    private void OnFetchFailed(FetchFailed result)
    {
        if (!ReferenceEquals(result.Credentials, _rotation.Target))
        {
            ResumeAfterDiscardedFetch();
            return;
        }
        var failure = result.Cause as SinchTokenEndpointException ?? new SinchTokenEndpointException(result.Credentials.ProjectId,
            TokenFailureKind.ConnectionFailed, result.Cause.GetType().Name, innerException: result.Cause, keyId: KeyId);
        _outage = new Outage((_outage?.Retries ?? 0) + (failure.IsPermanent ? 0 : 1), failure);

        if (failure.IsPermanent && _rotation.Pending is { } refused)
        {
            Log.Warning("Key {0}: the token endpoint refused the updated secret: {1}. Keeping the previous one.", KeyId, failure.Message);
            _rotation.Refuse(RefusedError(refused.ProjectId, failure));
            ResumeAfterDiscardedFetch();
        }
        else if (failure.IsPermanent)
        {
            Log.Warning("Key {0}: the token endpoint refused it: {1}. Trying again in {2} or when its secret is updated.",
                KeyId, failure.Message, _settings.PermanentFailureRetryInterval);
            var (next, timer) = ScheduleFetch(_settings.PermanentFailureRetryInterval, FetchCause.Probe);
            FailFast(new Refused(next, timer, failure));
        }
        else
        {
            var backoff = Backoff.HonourRetryAfter(Backoff.FullJitter(_outage.Retries, _settings.MinBackoff, _settings.MaxBackoff, _random.NextDouble()),
                failure.RetryAfter, _settings.MaxBackoff);
            var budget = _budget.WaitFor(FetchCause.Retry);
            var delay = backoff > budget ? backoff : budget;
            Log.Warning("Key {0}: token request {1} failed: {2}. Retrying in {3}.", KeyId, _outage.Retries, failure.Message, delay);
            BackOff(delay, FetchCause.Retry);
        }
    }

    /// <summary>After a result for credentials no longer wanted (an update began or was given up meanwhile).</summary>
    private void ResumeAfterDiscardedFetch()
    {
        if (_rotation.Pending is not null)
            RequestFetch(FetchCause.Update);
        else if (Usable(_current))
            ServeCurrent();
        else if (_waiters.Count > 0)
            RequestFetch(FetchCause.Cold);
        else
            Become(Idle.Instance);
    }

    private void ServeCurrent()
    {
        _refreshes.Tell(new RefreshScheduler.ScheduleRefresh(_refreshAt, _current!.Generation));
        Become(Serving.Instance);
    }

    // ---- Verifying new secrets ----

    private void BeginUpdate(UpdateCredentials update)
    {
        Log.Info("Key {0}: secret updated; verifying it with a token request.", KeyId);
        _rotation.Begin(update, Self, Context.System.Scheduler);
    }

    private void GiveUpUpdate()
    {
        if (_rotation.Pending is not { } given)
            return;
        Log.Warning("Key {0}: the updated secret produced no token in time; keeping the previous one.", KeyId);
        _rotation.Refuse(new SinchAuthUnavailableException(given.ProjectId, _outage?.Last, given.KeyId));
        (_state as Fetching)?.Cancellation.Cancel(); // a request in flight with the given-up secret ends as a discarded result
    }
}
