using Akka.Actor;
using SinchActors.Diagnostics;

namespace SinchActors.Requests;

/// <summary>
/// Thrown by a request worker to hand a retry to the pool's supervisor: a failing message is not redelivered, so it
/// carries the next attempt's envelope and the wait <see cref="RetryDecision.Decide"/> chose.
/// </summary>
internal sealed class RetryRequested(RequestEnvelope next, RetryDecision decision, IActorRef pool)
    : Exception($"Attempt {next.Attempt - 1} of {next.Request.Method} {next.Request.Path} will be retried: {decision.Reason}.")
{
    /// <summary>The next attempt.</summary>
    public RequestEnvelope Next { get; } = next;

    /// <summary>The decision being carried out.</summary>
    public RetryDecision Decision { get; } = decision;

    /// <summary>The pool the worker belongs to, where the retry is enqueued.</summary>
    public IActorRef Pool { get; } = pool;
}

/// <summary>
/// The request pool's supervisor strategy: it carries out retry decisions, it does not make them
/// (<see cref="RetryDecision"/> does).
/// <list type="table">
/// <listheader><term>failure</term><description>directive → action</description></listheader>
/// <item><term><see cref="RetryRequested"/></term>
/// <description>Resume (the worker's other requests are untouched) → enqueue the next attempt to the pool after the
/// decided wait, at once after a 401. The timer is cancelled if the request completes first (cancellation,
/// shutdown, watchdog), so a cancelled request does not wait in memory for it.</description></item>
/// <item><term>any other exception (a bug)</term>
/// <description>Logged, Restart → the failing message's request is answered with the exception; requests waiting
/// for a credential are re-enqueued; HTTP attempts in flight report to the restarted worker.</description></item>
/// </list>
/// <para>
/// The cost, measured by the <c>retry-hop</c> benchmark (benchmarks/README.md): the worker that throws is suspended,
/// its whole mailbox with it, until this strategy has handled the failure and resumed it, and the exception captures
/// a stack trace: about 8 µs and 0.8 KB more per retry than a worker telling the pool itself. Only retries pay it.
/// </para>
/// </summary>
internal sealed class RequestSupervisorStrategy(IScheduler scheduler)
    : OneForOneStrategy(static e => e is RetryRequested ? Directive.Resume : Directive.Restart, loggingEnabled: true)
{
    protected override Directive Handle(IActorRef child, Exception exception)
    {
        if (exception is RetryRequested retry)
            Schedule(retry);
        return base.Handle(child, exception);
    }

    // A retry is the strategy's normal business, not a failure worth a log line; everything else is logged by the base.
    protected override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
    {
        if (cause is not RetryRequested)
            base.LogFailure(context, child, cause, directive);
    }

    private void Schedule(RetryRequested retry)
    {
        var next = retry.Next;
        if (next.Completion.IsCompleted)
            return;
        RequestTelemetry.RetryScheduled(next.Completion.Metrics, next.Request, next.Project.ProjectId, next.LastError!);
        if (retry.Decision.Delay <= TimeSpan.Zero)
            retry.Pool.Tell(next);
        else
            next.Completion.HoldRetry(scheduler.ScheduleTellOnceCancelable(retry.Decision.Delay, retry.Pool, next, ActorRefs.NoSender));
    }
}
