using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Requests;

/// <summary>
/// Actor-native request: Tell it to the request pool; the sender receives <see cref="SinchRequestSucceeded"/> or
/// <see cref="SinchRequestFailed"/> with the same <paramref name="CorrelationId"/>, exactly once.
/// </summary>
/// <param name="CorrelationId">Any value that lets the sender match the answer to the request.</param>
/// <param name="Request">The request.</param>
public sealed record SendSinchRequest(object CorrelationId, SinchRequest Request);

/// <summary>The answer to a <see cref="SendSinchRequest"/> that succeeded.</summary>
/// <param name="CorrelationId">The request's correlation ID.</param>
/// <param name="Response">The response.</param>
public sealed record SinchRequestSucceeded(object CorrelationId, SinchResponse Response);

/// <summary>The answer to a <see cref="SendSinchRequest"/> that failed.</summary>
/// <param name="CorrelationId">The request's correlation ID.</param>
/// <param name="Error">A <see cref="SinchException"/> in almost all cases.</param>
public sealed record SinchRequestFailed(object CorrelationId, Exception Error);

/// <summary>
/// One of the pooled request workers. It runs many requests at once and never blocks: it reads the project's
/// credential slot (asking the token manager only on a miss, by correlation ID) and starts the HTTP attempt; a
/// final outcome completes the request at once, a retryable one is piped back to the worker, which throws it as
/// <see cref="RetryableRequestException"/> so the pool's <see cref="RequestSupervisorStrategy"/> schedules the
/// retry. The only state is the requests waiting for a credential, re-enqueued on restart and failed on stop.
/// </summary>
internal sealed class RequestWorker : UntypedActor, IWithTimers
{
    // The token manager answers within the timeout it is given; this only guards against a manager that died.
    private static readonly TimeSpan CredentialWaitGrace = TimeSpan.FromSeconds(1);

    private readonly RequestIntake _intake;
    private readonly HttpAttemptSender _sender;
    private readonly TimeProvider _time;
    private readonly Dictionary<long, CredentialWait> _awaitingCredential = new();

    // Unique across workers and restarts: a restarted worker keeps its path, so grants meant for its previous
    // incarnation still arrive and must never match a new wait.
    private static long s_lastCorrelationId;

    public RequestWorker(RequestIntake intake, HttpAttemptSender sender, TimeProvider time)
    {
        _intake = intake;
        _sender = sender;
        _time = time;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RequestIntake intake, HttpAttemptSender sender, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new RequestWorker(intake, sender, time));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RequestEnvelope envelope:
                Start(envelope);
                break;
            case AttemptOutcome outcome:
                Judge(outcome);
                break;
            case TokenManager.CredentialGranted granted:
                if (StopWaiting(granted.CorrelationId, Sender) is { } waiting)
                {
                    if (waiting.Accepts(granted.Credential))
                        Send(waiting, granted.Credential);
                    else
                        Start(waiting); // the manager has not processed the rejection yet
                }
                break;
            case TokenManager.CredentialFailed failed:
                if (StopWaiting(failed.CorrelationId, Sender) is { } refused)
                {
                    if (refused.Project.Binding.TokenManager.Equals(Sender))
                        refused.Completion.TryFail(failed.Error);
                    else
                        Start(refused); // the project moved to another key meanwhile: its failure says nothing about the new one
                }
                break;
            case CredentialWaitExpired expired:
                if (StopWaiting(expired.CorrelationId, null) is { } forgotten)
                    forgotten.Completion.TryFail(new SinchAuthUnavailableException(forgotten.Project.ProjectId, null));
                break;
            case SendSinchRequest { Request: null } invalid:
                Sender.Tell(new SinchRequestFailed(invalid.CorrelationId, new ArgumentNullException(nameof(SendSinchRequest.Request))));
                break;
            case SendSinchRequest send:
                // One directory read decides both: a known project is admitted here, an unknown one may be looked up.
                var project = _intake.Find(send.Request, out var needsLookup);
                if (needsLookup)
                    _ = LookUpThenAdmitAsync(_intake, send, Sender, Context.Parent);
                else if (_intake.TryAdmit(send.Request, project, new ActorRequestCompletion(Sender, send.CorrelationId)) is { } admitted)
                    Start(admitted);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>
    /// Admits the request off the actor once its project is looked up, and hands it to the pool: an admitted request
    /// is answered even if this worker stopped meanwhile (the runtime's shutdown fails it), a message back to it is not.
    /// </summary>
    private static async Task LookUpThenAdmitAsync(RequestIntake intake, SendSinchRequest send, IActorRef replyTo, IActorRef pool)
    {
        Exception? error;
        try
        {
            error = await intake.LookUpAsync(send.Request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
        }
        if (error is not null)
            replyTo.Tell(new SinchRequestFailed(send.CorrelationId, error));
        else if (intake.TryAdmit(send.Request, new ActorRequestCompletion(replyTo, send.CorrelationId)) is { } admitted)
            pool.Tell(admitted);
    }

    private void Start(RequestEnvelope envelope)
    {
        if (envelope.Completion.IsCompleted)
            return; // cancelled or shut down meanwhile
        var remaining = envelope.Remaining(_time);
        if (remaining <= TimeSpan.Zero)
        {
            envelope.Completion.TryFail(envelope.DeadlineExceeded(envelope.Attempt - 1, envelope.LastError));
            return;
        }
        var binding = envelope.Project.Binding;
        if (binding.Slot.TryGet(out var credential) && envelope.Accepts(credential))
        {
            Send(envelope, credential);
            return;
        }
        var correlationId = Interlocked.Increment(ref s_lastCorrelationId);
        _awaitingCredential.Add(correlationId, new CredentialWait(envelope, binding.TokenManager));
        binding.TokenManager.Tell(new TokenManager.GetCredential(correlationId, remaining, envelope.Completion.Activity?.Context ?? default)
        {
            ProjectId = envelope.Project.ProjectId,
            NewerThan = binding.TokenManager.Equals(envelope.RejectedBy) ? envelope.RejectedGeneration : 0,
        }, Self);
        Timers.StartSingleTimer(correlationId, new CredentialWaitExpired(correlationId), remaining + CredentialWaitGrace);
    }

    /// <summary>Ends the wait <paramref name="correlationId"/> if <paramref name="manager"/> (unless null) is the one asked.</summary>
    private RequestEnvelope? StopWaiting(long correlationId, IActorRef? manager)
    {
        if (!_awaitingCredential.TryGetValue(correlationId, out var wait) || (manager is not null && !wait.Manager.Equals(manager)))
            return null;
        _awaitingCredential.Remove(correlationId);
        Timers.Cancel(correlationId);
        return wait.Envelope;
    }

    private void Send(RequestEnvelope envelope, IssuedCredential credential)
    {
        if (!envelope.Completion.IsCompleted)
            _ = AttemptRunner.RunAsync(_sender, envelope, credential, Self);
    }

    private void Judge(AttemptOutcome outcome)
    {
        var envelope = outcome.Envelope;
        if (envelope.Completion.IsCompleted)
            return;
        switch (outcome.Verdict)
        {
            case AttemptVerdict.RetryWithFreshToken:
                // The sender told the manager that issued the token (after a rotation no longer the project's current one).
                var rejected = outcome.Credential;
                throw new RetryableRequestException(envelope with { RejectedGeneration = rejected.Generation, RejectedBy = rejected.Issuer },
                    Context.Parent, outcome.Error!, retryAfter: null, immediately: true);
            default:
                throw new RetryableRequestException(envelope, Context.Parent, outcome.Error!, outcome.RetryAfter, immediately: false);
        }
    }

    protected override void PreRestart(Exception reason, object message)
    {
        // Nothing is lost on a restart: requests waiting for a credential go back to the pool.
        foreach (var wait in _awaitingCredential.Values)
            Context.Parent.Tell(wait.Envelope);
        _awaitingCredential.Clear();
        // A failing message is not redelivered after a restart, so its request is answered with the failure.
        EnvelopeOf(message)?.Completion.TryFail(reason);
        base.PreRestart(reason, message);
    }

    protected override void PostStop()
    {
        foreach (var wait in _awaitingCredential.Values)
            wait.Envelope.Completion.TryFail(new SinchShutdownException(wait.Envelope.Project.ProjectId));
        _awaitingCredential.Clear();
    }

    private sealed record CredentialWaitExpired(long CorrelationId);

    /// <summary>A request waiting for the credential it asked <see cref="Manager"/> for; only that manager's answer counts.</summary>
    private readonly record struct CredentialWait(RequestEnvelope Envelope, IActorRef Manager);

    private static RequestEnvelope? EnvelopeOf(object message) => message switch
    {
        RequestEnvelope envelope => envelope,
        AttemptOutcome outcome => outcome.Envelope,
        _ => null,
    };
}
