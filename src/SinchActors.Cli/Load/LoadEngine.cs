using System.Diagnostics;
using SinchActors.Timing;

namespace SinchActors.Cli.Load;

/// <summary>How a load run ended.</summary>
/// <param name="Elapsed">From the first call to the last answer.</param>
/// <param name="Interrupted">Stopped early by Ctrl+C.</param>
/// <param name="Latency">Call latency percentiles and histogram.</param>
/// <param name="StartedAt">The <see cref="Stopwatch"/> timestamp of the start, to place token fetches on the run's timeline.</param>
internal sealed record LoadOutcome(TimeSpan Elapsed, bool Interrupted, LatencySummary Latency, long StartedAt);

/// <summary>
/// A closed-loop load generator: <see cref="LoadPlan.Concurrency"/> callers each send the next call when the previous
/// one has answered, over randomly picked projects. Every call is counted when submitted and again when it ends
/// (success, typed failure, cancellation), so "submitted − completed" shows lost calls. On Ctrl+C the callers stop
/// submitting and the calls in flight drain; any still running after the drain timeout are cancelled.
/// </summary>
internal sealed class LoadEngine(LoadPlan plan, LoadCalls calls, IReadOnlyList<LoadProject> projects, LoadCounters counters)
{
    // Cancelled calls end at once; waiting longer than this for them means they are lost.
    private static readonly TimeSpan CancelledCallsGrace = TimeSpan.FromSeconds(5);

    private readonly RequestPacer? _pacer = plan.RatePerSecond is { } rate ? new RequestPacer(rate) : null;
    private readonly LatencyRecorder _latencies = new(plan.Concurrency);
    private long _issued;

    /// <param name="stop">Ctrl+C: the callers stop, the calls in flight drain.</param>
    /// <param name="holdOpen">Keeps the callers going past the plan's end until it completes (a rolling restart runs under
    /// load from start to end); none when null.</param>
    public async Task<LoadOutcome> RunAsync(CancellationToken stop, Task? holdOpen = null)
    {
        using var abort = new CancellationTokenSource();
        var started = Stopwatch.GetTimestamp();
        var endAt = plan.Duration is { } duration ? new MonotonicDeadline(started).Plus(duration, TimeProvider.System) : MonotonicDeadline.Infinite;
        var callers = new Task[plan.Concurrency];
        for (var i = 0; i < callers.Length; i++)
        {
            var caller = i;
            callers[i] = Task.Run(() => CallUntilDoneAsync(caller, endAt, holdOpen, stop, abort.Token), CancellationToken.None);
        }

        var all = Task.WhenAll(callers);
        var interrupted = false;
        try
        {
            await all.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            interrupted = true;
            if (!await CompletesWithinAsync(all, plan.DrainTimeout))
            {
                await abort.CancelAsync();
                await CompletesWithinAsync(all, CancelledCallsGrace);
            }
        }

        return new LoadOutcome(Stopwatch.GetElapsedTime(started), interrupted, all.IsCompleted ? _latencies.Summarize() : LatencySummary.Empty, started);
    }

    private static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private bool WithinPlan(MonotonicDeadline endAt) =>
        !endAt.HasPassed(TimeProvider.System) && (plan.Duration is not null || Interlocked.Increment(ref _issued) <= plan.Requests);

    private async Task CallUntilDoneAsync(int caller, MonotonicDeadline endAt, Task? holdOpen, CancellationToken stop, CancellationToken abort)
    {
        var random = new Random(unchecked(plan.Seed * 7919 + caller));
        while (!stop.IsCancellationRequested && (WithinPlan(endAt) || holdOpen is { IsCompleted: false }))
        {
            if (_pacer is not null)
            {
                try
                {
                    await _pacer.WaitAsync(stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var project = projects[random.Next(projects.Count)];
            var operation = plan.Mix.Pick(random);
            counters.OnSubmitted();
            var start = Stopwatch.GetTimestamp();
            try
            {
                var (sent, attempts) = await calls.SendAsync(operation, project, abort);
                counters.OnSucceeded(sent, attempts);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                counters.OnCancelled();
            }
            catch (Exception e)
            {
                counters.OnFailed(operation, e);
            }
            _latencies.Record(caller, Stopwatch.GetTimestamp() - start);
        }
    }
}
