using Akka.Actor;
using Akka.Event;
using SinchActors.Timing;

namespace SinchActors.Auth;

// Handing out and rejecting tokens, the waiters' deadlines, and the errors callers get (each names the project that
// asked and the key).
internal sealed partial class TokenManager
{
    private void GrantOrEnqueue(GetCredential request, bool fetchIfMissing)
    {
        if (Usable(_current) && _current!.Generation > request.NewerThan)
        {
            Sender.Tell(new CredentialGranted(request.CorrelationId, _current));
            return;
        }
        Enqueue(request);
        // Asking for a newer generation than the current one reports it rejected (see GetCredential.NewerThan).
        if (_current is { } current && request.NewerThan >= current.Generation)
            Reject(new TokenRejected(current.Generation), fetchIfMissing);
        else if (fetchIfMissing && RefreshPolicy.IsLate(_refreshAt, _clock))
            StartFetch(FetchCause.Refresh);
    }

    private void Reject(TokenRejected rejected, bool refetch)
    {
        if (_current is not { } current || rejected.Generation != current.Generation || current.Generation == _replacing)
            return; // an older generation, or one being replaced already: at most one refetch per generation
        _replacing = current.Generation;
        // A token some call succeeded with is probably fine (a spurious 401) or revoked (the refetch will tell): the
        // others keep using it until its replacement arrives, and only the requests that saw the 401 wait for that.
        // A fresh token the API refused is handed out no more.
        if (!current.WasAccepted)
            Withdraw();
        if (_budget.Rejected(current.WasAccepted))
        {
            Log.Warning("Key {0}: Sinch's API rejected {1} fresh tokens in a row before accepting any call ({2}). Failing its " +
                        "requests fast and probing with a new token every {3}.", KeyId, _budget.RejectedStreak,
                rejected.ApiMessage ?? "no message", _settings.RejectedProbeInterval);
            (_state as Fetching)?.Cancellation.Cancel(); // whatever the request in flight brings is not served
            var (next, timer) = ScheduleFetch(_settings.RejectedProbeInterval, FetchCause.Probe);
            FailFast(new RejectedByApi(next, timer, rejected.ApiMessage));
            return;
        }
        Log.Info("Key {0}: Sinch rejected token generation {1}; fetching a new one.", KeyId, current.Generation);
        if (refetch)
            RequestFetch(FetchCause.Rejection);
    }

    /// <summary>Withdraws the token and fails every waiter, and every caller until the probe, with <paramref name="state"/>'s error.</summary>
    private void FailFast(FailingFast state)
    {
        Withdraw();
        Become(state);
        _waiters.FailAll(project => state.ErrorFor(this, project));
        ScheduleDeadline();
    }

    private void Issue(IssuedCredential credential)
    {
        _current = credential;
        _subscribers.Tell(new CredentialIssued(credential));
    }

    private void Withdraw()
    {
        if (_current is not { } withdrawn)
            return;
        _current = null;
        _subscribers.Tell(new CredentialWithdrawn(withdrawn.Generation));
    }

    private bool Usable(IssuedCredential? credential) => credential is not null && credential.IsUsable(_clock);

    private void Enqueue(GetCredential request)
    {
        if (_waiters.Add(Sender, request, Deadline(request)))
            ScheduleDeadline();
    }

    private MonotonicDeadline Deadline(GetCredential request) => MonotonicDeadline.After(_clock, request.Timeout);

    private void ScheduleDeadline()
    {
        _deadlineTimer?.Cancel();
        _deadlineTimer = _waiters.NextDeadline.IsInfinite ? null : Schedule(_waiters.NextDeadline.Delay(_clock), DeadlineDue.Instance);
    }

    // ---- Errors: each names the project that asked and the key ----

    private SinchAuthenticationException RefusedError(string? project, SinchTokenEndpointException refusal) =>
        new(project ?? Credentials.ProjectId, KeyId, refusal.StatusCode, refusal.Error, refusal.ErrorDescription);

    private SinchAuthenticationException ApiRejectedError(string? project, string? apiMessage) =>
        new(project ?? Credentials.ProjectId, KeyId, 401, null, apiMessage, SinchAuthenticationFailure.TokensRejectedByApi);

    private SinchException Unavailable(string? project) => new SinchAuthUnavailableException(project ?? Credentials.ProjectId, _outage?.Last, KeyId);
}
