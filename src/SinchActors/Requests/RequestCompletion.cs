using System.Diagnostics;
using Akka.Actor;
using SinchActors.Diagnostics;
using SinchActors.Projects;
using SinchActors.Timing;

namespace SinchActors.Requests;

/// <summary>
/// Where a request's one answer goes. The first of success, failure, cancellation or shutdown wins; later ones are
/// ignored, so a cancelled request never completes with a result and nothing is answered twice. Completing
/// releases the request's in-flight slots; delivering the answer ends the call in <see cref="OutstandingCalls"/>.
/// </summary>
internal abstract class RequestCompletion
{
    private int _completed;
    private InFlightLimiter? _limiter;
    private ProjectHandle? _project;
    private ICancelable? _pendingRetry;
    private TimeSpan _deadline;

    // The request's place in the DeadlineSweeper's wheel, changed only under the lock of WatchSlot.
    internal DeadlineSweeper.Slot? WatchSlot;
    internal RequestCompletion? WatchPrevious;
    internal RequestCompletion? WatchNext;
    internal MonotonicDeadline WatchDue;

    /// <summary>
    /// How long past its deadline the watchdog waits before answering a request nobody answered (a lost message, a
    /// bug): beyond the worker's own credential-wait grace, so it only ever catches what everything else missed.
    /// </summary>
    internal static readonly TimeSpan WatchdogGrace = TimeSpan.FromSeconds(2);

    private SinchRequest? _request;
    private long _startedAt;
    private OutstandingCalls? _outstanding;

    /// <summary>The attempt last sent, reported if the watchdog has to answer.</summary>
    public int AttemptsSent { get; set; }

    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    /// <summary>Cancels the HTTP call when the caller gives up.</summary>
    public virtual CancellationToken CancellationToken => CancellationToken.None;

    /// <summary>The request's span, when someone listens; attempts are its children.</summary>
    public Activity? Activity { get; private set; }

    /// <summary>Whether the request's metrics carry its project (<see cref="SinchRequestSettings.IncludeProjectTag"/> of its runtime).</summary>
    public bool TagsProject { get; private set; }

    /// <summary>
    /// The W3C trace ID of the call, hex, made on first read (only errors read it): of the request's span, or else of
    /// the caller's current activity when the request was admitted; <c>null</c> when neither had one.
    /// </summary>
    public string? TraceId => _traceId == default ? null : _traceId.ToHexString();

    private ActivityTraceId _traceId;

    /// <summary>
    /// Starts the request's clock and span, its answer measured against them, and counts it in
    /// <paramref name="outstanding"/> until <see cref="Delivered"/>; <paramref name="tagProject"/>: whether its metrics carry the project.
    /// </summary>
    public void Observe(SinchRequest request, OutstandingCalls outstanding, bool tagProject)
    {
        _outstanding = outstanding;
        outstanding.Taken();
        _request = request;
        TagsProject = tagProject;
        _startedAt = Stopwatch.GetTimestamp();
        Activity = RequestTelemetry.StartRequest(request);
        _traceId = (Activity ?? Activity.Current)?.TraceId ?? default;
    }

    /// <summary>
    /// Binds the in-flight slots taken for the request and hands it to the runtime's <paramref name="watchdog"/>:
    /// whatever happens inside the actors, the request is answered by <paramref name="deadline"/> plus
    /// <see cref="WatchdogGrace"/> (plus the watchdog's <see cref="DeadlineSweeper.Interval"/>), or with the runtime's
    /// shutdown. A request completed meanwhile (its caller cancelled during admission) gives the slots back at once.
    /// </summary>
    public void Admitted(InFlightLimiter limiter, ProjectHandle project, DeadlineSweeper watchdog, TimeSpan deadline)
    {
        _project = project;
        _deadline = deadline;
        Volatile.Write(ref _limiter, limiter);
        watchdog.Add(this, deadline + WatchdogGrace);
        if (IsCompleted)
        {
            ReleaseSlots();
            DeadlineSweeper.Remove(this);
        }
    }

    /// <summary>Answers a request nobody answered by its deadline and grace (called by the <see cref="DeadlineSweeper"/>).</summary>
    internal void Expire() => TryFail(new SinchDeadlineExceededException(_project?.ProjectId, _deadline, AttemptsSent));

    /// <summary>Cancels <paramref name="retry"/> (a scheduled next attempt) when the request completes before it fires.</summary>
    public void HoldRetry(ICancelable retry)
    {
        Volatile.Write(ref _pendingRetry, retry);
        if (IsCompleted)
            retry.Cancel();
    }

    /// <summary>Cancels the request when <paramref name="cancellationToken"/> fires; only callers awaiting a task can cancel.</summary>
    public virtual void ObserveCancellation(CancellationToken cancellationToken)
    {
    }

    // Both the completing thread and a late Admitted may get here: exchanging the limiter out releases exactly once.
    private void ReleaseSlots()
    {
        if (Interlocked.Exchange(ref _limiter, null) is { } limiter)
            limiter.Release(_project!);
    }

    internal void FailWithShutdown() => TryFail(new SinchShutdownException(_project?.ProjectId));

    /// <summary>
    /// Answers with <paramref name="response"/> unless already answered. The caller's continuation runs on this
    /// thread: a success only comes from the <see cref="AttemptRunner"/>, off every actor's thread, on the thread that
    /// completed the HTTP call, where a raw HttpClient caller's continuation would run.
    /// </summary>
    public bool TrySucceed(SinchResponse response)
    {
        if (!TryMarkCompleted())
            return false;
        var status = (int)response.StatusCode;
        // A non-2xx answer only comes this way for an HttpClient caller, who gets it as a response: still a failure.
        RequestTelemetry.RequestCompleted(_request, TagsProject, Activity, _startedAt, status is >= 200 and < 300 ? "success" : "failure", status, null);
        OnSucceeded(response);
        return true;
    }

    /// <summary>Answers with <paramref name="error"/> unless already answered.</summary>
    /// <param name="error">The error.</param>
    /// <param name="inline">
    /// Whether the caller's continuation may run on this thread: before the caller holds the task, or on the thread
    /// that finished a lookup; never on an actor's or the watchdog's thread.
    /// </param>
    public bool TryFail(Exception error, bool inline = false)
    {
        if (!TryMarkCompleted())
            return false;
        if (IsCallerCancellation(error))
            Cancelled();
        else
            RequestTelemetry.RequestCompleted(_request, TagsProject, Activity, _startedAt, "failure", (error as SinchApiException)?.StatusCode ?? 0, error);
        OnFailed(error, inline);
        return true;
    }

    protected bool TryMarkCompleted()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
            return false;
        ReleaseSlots();
        DeadlineSweeper.Remove(this);
        Volatile.Read(ref _pendingRetry)?.Cancel();
        return true;
    }

    /// <summary>
    /// Whether <paramref name="error"/> is the caller's cancellation reaching the HTTP call before the cancellation
    /// callback reached this completion (the token runs its callbacks one after another, the call's first).
    /// </summary>
    protected bool IsCallerCancellation(Exception error) =>
        error is OperationCanceledException && CancellationToken.IsCancellationRequested;

    /// <summary>Records a cancellation by the caller.</summary>
    protected void Cancelled() =>
        RequestTelemetry.RequestCompleted(_request, TagsProject, Activity, _startedAt, "cancelled", 0, null);

    /// <summary>The caller has its answer (its task completed, its reply sent): shutdown no longer waits for it.</summary>
    protected void Delivered() => _outstanding?.Answered();

    /// <summary>Delivers the success, then calls <see cref="Delivered"/>.</summary>
    protected abstract void OnSucceeded(SinchResponse response);

    /// <summary>Delivers the failure (off this thread unless <paramref name="inline"/>), then calls <see cref="Delivered"/>.</summary>
    protected abstract void OnFailed(Exception error, bool inline);
}

/// <summary>Completes the task an <see cref="ISinchClient"/> caller awaits; no temporary actor per request.</summary>
internal sealed class TaskRequestCompletion : RequestCompletion
{
    // Continuations run inline on success (see TrySucceed) and when a failure says so; otherwise on the thread pool,
    // never on a worker's thread.
    private readonly TaskCompletionSource<SinchResponse> _task = new();
    private CancellationToken _cancellationToken;
    private CancellationTokenRegistration _cancellationRegistration;

    public Task<SinchResponse> Task => _task.Task;

    public override CancellationToken CancellationToken => _cancellationToken;

    /// <summary>Cancels the request, if still unanswered, when <paramref name="cancellationToken"/> fires.</summary>
    public override void ObserveCancellation(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
            return;
        _cancellationToken = cancellationToken;
        _cancellationRegistration = cancellationToken.UnsafeRegister(
            static (state, token) => ((TaskRequestCompletion)state!).TryCancel(token), this);
    }

    private void TryCancel(CancellationToken token)
    {
        if (!TryMarkCompleted())
            return;
        Cancelled();
        Answer(null, null, token, inline: true); // on the canceller's thread, as cancelling a Task.Delay would
    }

    protected override void OnSucceeded(SinchResponse response)
    {
        _cancellationRegistration.Unregister();
        Answer(response, null, default, inline: true);
    }

    protected override void OnFailed(Exception error, bool inline)
    {
        _cancellationRegistration.Unregister();
        if (IsCallerCancellation(error))
            Answer(null, null, _cancellationToken, inline);
        else
            Answer(null, error, default, inline);
    }

    /// <summary>Completes the task with a response, an error or (neither) a cancellation; off this thread unless <paramref name="inline"/>.</summary>
    private void Answer(SinchResponse? response, Exception? error, CancellationToken cancelled, bool inline)
    {
        if (inline)
            Complete(response, error, cancelled);
        else
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Completion.Complete(state.Response, state.Error, state.Cancelled),
                (Completion: this, Response: response, Error: error, Cancelled: cancelled), preferLocal: false);
    }

    private void Complete(SinchResponse? response, Exception? error, CancellationToken cancelled)
    {
        if (response is not null)
            _task.TrySetResult(response);
        else if (error is not null)
            _task.TrySetException(error);
        else
            _task.TrySetCanceled(cancelled);
        Delivered();
    }
}

/// <summary>Answers an actor that sent <see cref="SendSinchRequest"/> with a response message.</summary>
internal sealed class ActorRequestCompletion(IActorRef replyTo, object correlationId) : RequestCompletion
{
    protected override void OnSucceeded(SinchResponse response)
    {
        replyTo.Tell(new SinchRequestSucceeded(correlationId, response));
        Delivered();
    }

    protected override void OnFailed(Exception error, bool inline)
    {
        replyTo.Tell(new SinchRequestFailed(correlationId, error));
        Delivered();
    }
}
