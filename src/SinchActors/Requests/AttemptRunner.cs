using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Requests;

/// <summary>
/// Runs one HTTP attempt of a request, off any actor. Shared by the <see cref="RequestWorker"/> and the
/// <see cref="SinchClient"/> fast path, so a first attempt behaves the same whichever of them starts it.
/// </summary>
internal static class AttemptRunner
{
    /// <summary>
    /// Sends the attempt. A final outcome (success or an error not worth retrying) completes the request right where
    /// it arrives, saving a mailbox hop on the hot path; only outcomes that need a decision of a worker and the pool's
    /// supervisor (retries) are told to <paramref name="judge"/>: the worker itself, or the pool, which routes the
    /// outcome to any of its workers. Never throws.
    /// </summary>
    public static async Task RunAsync(HttpAttemptSender sender, RequestEnvelope envelope, IssuedCredential credential, IActorRef judge)
    {
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
        switch (outcome.Verdict)
        {
            case AttemptVerdict.Succeeded:
                envelope.Completion.TrySucceed(outcome.Response!);
                break;
            case AttemptVerdict.Failed:
                envelope.Completion.TryFail(outcome.Error!);
                break;
            default:
                judge.Tell(outcome);
                break;
        }
    }
}
