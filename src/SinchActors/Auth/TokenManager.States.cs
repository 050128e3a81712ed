using Akka.Actor;
using SinchActors.Diagnostics;
using SinchActors.Timing;

namespace SinchActors.Auth;

// The token manager's states, each a record with its own data, and what each does with a message. Become is the one
// transition; OnReceive maps each state to its behaviour. The state is a field rather than Akka's behaviour stack: a
// Become delegate and the stack Akka keeps for it would cost every idle key an object or two more.
internal sealed partial class TokenManager
{
    /// <summary>A state of the manager: <see cref="Kind"/> is what <see cref="GetState"/> reports.</summary>
    private abstract record State(TokenManagerState Kind);

    /// <summary>No token; the first request fetches one.</summary>
    private sealed record Idle() : State(TokenManagerState.Idle)
    {
        public static readonly Idle Instance = new();
    }

    /// <summary>The one token request in flight: its results are known by this instance, and any other's are stale.</summary>
    /// <param name="Cancellation">Cancels the request (the update it verifies was given up, the key's tokens rejected, the manager stopped).</param>
    private sealed record Fetching(CancellationTokenSource Cancellation) : State(TokenManagerState.Fetching);

    /// <summary>A usable token, refreshed by the <see cref="RefreshScheduler"/> at <c>_refreshAt</c>.</summary>
    private sealed record Serving() : State(TokenManagerState.Serving)
    {
        public static readonly Serving Instance = new();
    }

    /// <summary>A state that waits for a scheduled token request.</summary>
    /// <param name="Kind">The state.</param>
    /// <param name="Next">The message its timer sends: a new instance per timer, so a replaced one is known by reference.</param>
    /// <param name="Timer">Cancelled when the state is left.</param>
    private abstract record Waiting(TokenManagerState Kind, FetchDue Next, ICancelable Timer) : State(Kind);

    /// <summary>Backing off until <paramref name="NextFetchAt"/> (on the clock), after a transient failure or held back by the budget.</summary>
    private sealed record BackingOff(FetchDue Next, ICancelable Timer, MonotonicDeadline NextFetchAt) : Waiting(TokenManagerState.BackingOff, Next, Timer);

    /// <summary>A state whose callers fail fast until its probe (<see cref="Waiting.Next"/>) is due.</summary>
    private abstract record FailingFast(TokenManagerState Kind, FetchDue Next, ICancelable Timer) : Waiting(Kind, Next, Timer)
    {
        /// <summary>The error a caller from <paramref name="project"/> gets.</summary>
        public abstract SinchException ErrorFor(TokenManager manager, string? project);
    }

    /// <summary>Refused by the token endpoint with <paramref name="Refusal"/>.</summary>
    private sealed record Refused(FetchDue Next, ICancelable Timer, SinchTokenEndpointException Refusal)
        : FailingFast(TokenManagerState.Refused, Next, Timer)
    {
        public override SinchException ErrorFor(TokenManager manager, string? project) => manager.RefusedError(project, Refusal);
    }

    /// <summary>Its fresh tokens rejected by the API with <paramref name="ApiMessage"/>; the probe token is served, and the first call it serves heals the key.</summary>
    private sealed record RejectedByApi(FetchDue Next, ICancelable Timer, string? ApiMessage) : FailingFast(TokenManagerState.RejectedByApi, Next, Timer)
    {
        public override SinchException ErrorFor(TokenManager manager, string? project) => manager.ApiRejectedError(project, ApiMessage);
    }

    /// <summary>The one transition: leaves the current state (its request or timer ends) for <paramref name="state"/>.</summary>
    private void Become(State state)
    {
        Leave(_state);
        _state = state;
    }

    private static void Leave(State state)
    {
        switch (state)
        {
            case Fetching fetching:
                fetching.Cancellation.Dispose();
                break;
            case Waiting waiting:
                waiting.Timer.Cancel();
                break;
        }
    }

    protected override void OnReceive(object message)
    {
        switch (_state)
        {
            case Idle:
                OnIdle(message);
                break;
            case Fetching fetching:
                OnFetching(message, fetching);
                break;
            case Serving:
                OnServing(message);
                break;
            case BackingOff backingOff:
                OnBackingOff(message, backingOff);
                break;
            case FailingFast failingFast:
                OnFailingFast(message, failingFast);
                break;
        }
    }

    private void OnIdle(object message)
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

    private void OnFetching(object message, Fetching fetching)
    {
        switch (message)
        {
            case GetCredential request:
                GrantOrEnqueue(request, fetchIfMissing: false);
                break;
            case FetchSucceeded succeeded when ReferenceEquals(succeeded.Fetch, fetching):
                OnFetched(succeeded);
                break;
            case FetchFailed failed when ReferenceEquals(failed.Fetch, fetching):
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

    private void OnServing(object message)
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

    private void OnBackingOff(object message, BackingOff backingOff)
    {
        switch (message)
        {
            case GetCredential request when _outage is not null && !Usable(_current) && Deadline(request) < backingOff.NextFetchAt:
                // An outage: no token and none before this caller's deadline, so it learns so now.
                Sender.Tell(new CredentialFailed(request.CorrelationId, Unavailable(request.ProjectId)));
                break;
            case GetCredential request:
                GrantOrEnqueue(request, fetchIfMissing: false);
                break;
            case FetchDue due when ReferenceEquals(due, backingOff.Next):
                StartFetch(due.Cause);
                break;
            case RefreshScheduler.RefreshDue due when due.Generation == _current?.Generation && RefreshPolicy.Replaces(backingOff.Next.Cause):
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

    private void OnFailingFast(object message, FailingFast state)
    {
        switch (message)
        {
            case GetCredential request:
                Sender.Tell(new CredentialFailed(request.CorrelationId, state.ErrorFor(this, request.ProjectId)));
                break;
            case FetchDue due when ReferenceEquals(due, state.Next):
                StartFetch(FetchCause.Probe);
                break;
            default:
                Common(message);
                break;
        }
    }
}
