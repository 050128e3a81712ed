using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Requests;

/// <summary>
/// One of the pooled request workers; every request rides one from admission to its answer. The pool routes by
/// project ID, so a project's requests and retries meet the same worker. A worker never blocks: it picks each
/// attempt's credential from its own state — pushed by the token managers it subscribed to on first use — asking a
/// manager (by correlation ID) only on a miss, and hands the attempt to the <see cref="AttemptRunner"/>, which sends
/// it off the worker's thread and answers final outcomes where they arrive. A retry comes back here and is thrown as
/// <see cref="RetryRequested"/>, which the pool's <see cref="RequestSupervisorStrategy"/> carries out.
/// </summary>
internal sealed class RequestWorker : UntypedActor, IWithTimers
{
    // The token manager answers within the timeout it is given; this only guards against a manager that died.
    private static readonly TimeSpan CredentialWaitGrace = TimeSpan.FromSeconds(1);

    private readonly RequestIntake _intake;
    private readonly AttemptRunner _runner;
    private readonly TimeProvider _time;
    private readonly Dictionary<long, CredentialWait> _awaitingCredential = new();
    // The token managers this incarnation subscribed to, with the last credential each pushed (null: none usable).
    // A restarted worker starts empty and subscribes again on first use, which the manager treats as harmless.
    private readonly Dictionary<IActorRef, IssuedCredential?> _pushed = new();

    // Unique across workers and restarts: a restarted worker keeps its path, so grants meant for its previous
    // incarnation still arrive and must never match a new wait.
    private static long s_lastCorrelationId;

    public RequestWorker(RequestIntake intake, AttemptRunner runner, TimeProvider time)
    {
        _intake = intake;
        _runner = runner;
        _time = time;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RequestIntake intake, AttemptRunner runner, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new RequestWorker(intake, runner, time));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RequestEnvelope envelope:
                Start(envelope);
                break;
            case AttemptJudged judged:
                Retry(judged);
                break;
            case TokenManager.CredentialIssued issued:
                if (_pushed.TryGetValue(Sender, out var held) && (held is null || held.Generation <= issued.Credential.Generation))
                    _pushed[Sender] = issued.Credential;
                break;
            case TokenManager.CredentialWithdrawn withdrawn:
                if (_pushed.TryGetValue(Sender, out var current) && current is not null && current.Generation <= withdrawn.Generation)
                    _pushed[Sender] = null;
                break;
            case TokenManager.CredentialsEnded:
                _pushed.Remove(Sender); // the manager stopped
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
                    if (refused.Project.TokenManager.Equals(Sender))
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
                // Routed here by the request's project, so this worker carries it.
                if (_intake.Admit(send.Request, new ActorRequestCompletion(Sender, send.CorrelationId), CancellationToken.None) is { } admitted)
                    Start(admitted);
                break;
            default:
                Unhandled(message);
                break;
        }
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
        var manager = envelope.Project.TokenManager;
        if (Pushed(manager) is { } credential && envelope.Accepts(credential))
        {
            Send(envelope, credential);
            return;
        }
        SubscribeOnFirstUse(manager);
        var correlationId = Interlocked.Increment(ref s_lastCorrelationId);
        _awaitingCredential.Add(correlationId, new CredentialWait(envelope, manager));
        manager.Tell(new TokenManager.GetCredential(correlationId, remaining, envelope.Completion.Activity?.Context ?? default)
        {
            ProjectId = envelope.Project.ProjectId,
            NewerThan = manager.Equals(envelope.RejectedBy) ? envelope.RejectedGeneration : 0,
        }, Self);
        Timers.StartSingleTimer(correlationId, new CredentialWaitExpired(correlationId), remaining + CredentialWaitGrace);
    }

    /// <summary>The usable credential <paramref name="manager"/> pushed, or <c>null</c> (none yet, or none usable).</summary>
    private IssuedCredential? Pushed(IActorRef manager) =>
        _pushed.TryGetValue(manager, out var credential) && credential is not null && credential.IsUsable(_time)
            ? credential
            : null;

    /// <summary>Subscribes to <paramref name="manager"/>'s credentials the first time this worker asks it for one.</summary>
    private void SubscribeOnFirstUse(IActorRef manager)
    {
        if (_pushed.TryAdd(manager, null))
            manager.Tell(TokenManager.SubscribeCredentials.Instance, Self);
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
            _ = _runner.RunAsync(envelope, credential, Self);
    }

    /// <summary>Prepares the next attempt the decision asks for and hands it to the supervisor, which schedules it.</summary>
    private void Retry(AttemptJudged judged)
    {
        var (outcome, decision) = judged;
        var envelope = outcome.Envelope;
        if (envelope.Completion.IsCompleted)
            return;
        RequestEnvelope next;
        if (decision.Step == RetryStep.RefreshCredentialsAndRetry)
        {
            // The sender reported the 401 to the manager that issued the token (after a rotation no longer the project's
            // current one). This request waits for a newer generation; the others keep the pushed one until it is withdrawn.
            var rejected = outcome.Credential;
            next = envelope with
            {
                Attempt = envelope.Attempt + 1, TokenRefreshed = true, RejectedGeneration = rejected.Generation,
                RejectedBy = rejected.Issuer, LastError = outcome.Error,
            };
        }
        else
            next = envelope with { Attempt = envelope.Attempt + 1, Retries = envelope.Retries + 1, LastError = outcome.Error };
        throw new RetryRequested(next, decision, Context.Parent);
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
        AttemptJudged judged => judged.Outcome.Envelope,
        _ => null,
    };
}
