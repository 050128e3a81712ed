using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Requests;

/// <summary>
/// Runs one HTTP attempt of a request for its <see cref="RequestWorker"/>, off the actor, and applies
/// <see cref="RetryDecision.Decide"/> to the outcome: a final decision answers the request right where the outcome
/// arrives (no mailbox hop on the hot path); a retry goes back to the worker as <see cref="AttemptJudged"/>, which
/// hands it to the pool's supervisor to carry out.
/// </summary>
internal sealed class AttemptRunner(HttpAttemptSender sender, SinchRequestSettings settings, TimeProvider time, Func<double> random)
{
    /// <summary>Sends the attempt off the worker's thread; never throws.</summary>
    public async Task RunAsync(RequestEnvelope envelope, IssuedCredential credential, IActorRef worker)
    {
        // The worker only decides; the HTTP call, synchronous part included (connection, headers, the socket write), runs
        // on the thread pool, so a busy project's worker never serializes its sends, and the caller's continuation may
        // run where the answer arrives, as after a raw HttpClient call. Yielding queues this method's own state machine,
        // which its first await allocates anyway, to the local queue of the worker's thread: no extra allocation.
        await Task.Yield();
        AttemptOutcome outcome;
        try
        {
            outcome = await sender.SendAsync(envelope, credential).ConfigureAwait(false);
        }
        catch (Exception e) // a bug in the sender (it turns every HTTP failure into an outcome): answer rather than leave the caller waiting
        {
            envelope.Completion.TryFail(e);
            return;
        }
        var state = new RetryState(envelope.Request.IsIdempotent, envelope.Retries, envelope.TokenRefreshed, envelope.Remaining(time));
        var decision = RetryDecision.Decide(state, outcome.Result, settings, random);
        // An HttpClient caller's answer (any status) is theirs only when it is final and they still wait for it.
        var handOver = outcome.Response?.HttpMessage;
        switch (decision.Step)
        {
            case RetryStep.Complete when outcome.Response is { } response:
                if (!envelope.Completion.TrySucceed(response))
                    handOver?.Dispose();
                return;
            case RetryStep.Complete:
                envelope.Completion.TryFail(outcome.Error!); // failures keep the hop: the issuer hears of a 401 first
                break;
            case RetryStep.CompleteDeadlineExceeded:
                envelope.Completion.TryFail(outcome.Error as SinchDeadlineExceededException ?? envelope.DeadlineExceeded(envelope.Attempt, outcome.Error));
                break;
            default:
                worker.Tell(new AttemptJudged(outcome, decision));
                break;
        }
        handOver?.Dispose();
    }
}

/// <summary>An attempt whose outcome <see cref="RetryDecision.Decide"/> answered with a retry.</summary>
internal sealed record AttemptJudged(AttemptOutcome Outcome, RetryDecision Decision);
