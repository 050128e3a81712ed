using Akka.Actor;
using SinchActors.Diagnostics;

namespace SinchActors.Requests;

/// <summary>
/// The request pool's supervisor strategy; retries happen here, not in loops inside workers.
/// <list type="table">
/// <listheader><term>failure</term><description>directive → action</description></listheader>
/// <item><term><see cref="RetryableRequestException"/>, retries and deadline left</term>
/// <description>Resume (the worker's other requests are untouched) → re-enqueue the envelope to the pool with
/// attempt + 1 after exponential back-off with jitter, or the server's longer Retry-After; at once after a 401.</description></item>
/// <item><term><see cref="RetryableRequestException"/>, max-retries used</term>
/// <description>Resume → answer with the last attempt's error.</description></item>
/// <item><term><see cref="RetryableRequestException"/>, the wait would pass the deadline</term>
/// <description>Resume → answer with <see cref="SinchDeadlineExceededException"/> carrying the last error.</description></item>
/// <item><term>any other exception (a bug)</term>
/// <description>Restart → the failing message's request is answered with the exception; requests waiting for a
/// credential are re-enqueued; HTTP attempts in flight report to the restarted worker.</description></item>
/// </list>
/// </summary>
internal sealed class RequestSupervisorStrategy : OneForOneStrategy
{
    private readonly SinchRequestSettings _settings;
    private readonly TimeProvider _time;
    private readonly IScheduler _scheduler;

    public RequestSupervisorStrategy(SinchRequestSettings settings, TimeProvider time, IScheduler scheduler)
        : base(static e => e is RetryableRequestException ? Directive.Resume : Directive.Restart, loggingEnabled: false)
    {
        _settings = settings;
        _time = time;
        _scheduler = scheduler;
    }

    protected override Directive Handle(IActorRef child, Exception exception)
    {
        if (exception is RetryableRequestException retryable)
            ScheduleRetry(retryable);
        return base.Handle(child, exception);
    }

    private void ScheduleRetry(RetryableRequestException failure)
    {
        var envelope = failure.Envelope;
        var lastError = failure.InnerException!;
        if (envelope.Completion.IsCompleted)
            return;
        if (!failure.Immediately && envelope.Retries >= _settings.MaxRetries)
        {
            envelope.Completion.TryFail(lastError);
            return;
        }
        var delay = failure.Immediately
            ? TimeSpan.Zero
            : RetryPolicy.Backoff(envelope.Retries + 1, _settings.BackoffBase, _settings.BackoffMax, failure.RetryAfter);
        if (delay >= envelope.Remaining(_time))
        {
            envelope.Completion.TryFail(envelope.DeadlineExceeded(envelope.Attempt, lastError));
            return;
        }
        var next = failure.Immediately
            ? envelope with { Attempt = envelope.Attempt + 1, TokenRefreshed = true, LastError = lastError }
            : envelope with { Attempt = envelope.Attempt + 1, Retries = envelope.Retries + 1, LastError = lastError };
        SinchActorsTelemetry.RetryScheduled(envelope.Request, envelope.Project.ProjectId, lastError);
        if (delay == TimeSpan.Zero)
            failure.Pool.Tell(next);
        else
            _scheduler.ScheduleTellOnce(delay, failure.Pool, next, ActorRefs.NoSender);
    }
}
