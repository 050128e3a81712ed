using Akka.Actor;
using SinchActors.Diagnostics;

namespace SinchActors.Hosting;

/// <summary>Graceful shutdown: stop accepting, drain what is in flight, fail the rest, stop the actors.</summary>
public sealed partial class SinchRuntime
{
    /// <summary>
    /// Stops accepting requests (new calls fail with <see cref="SinchShutdownException"/>), waits up to
    /// <paramref name="drainTimeout"/> for those in flight to be answered, fails the rest with
    /// <see cref="SinchShutdownException"/>, then stops the actors and closes connections. The task completes only
    /// once every call the runtime took has been answered (its task completed, its reply sent), at most
    /// <paramref name="drainTimeout"/> plus the actors' stop timeout (5 s) after it began. Safe to call more than
    /// once: later calls wait for the first.
    /// </summary>
    /// <param name="drainTimeout">How long to let requests in flight finish; zero fails them at once.</param>
    public Task ShutdownAsync(TimeSpan drainTimeout)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var existing = Interlocked.CompareExchange(ref _stopped, stopping.Task, null);
        if (existing is not null)
            return existing;
        _ = StopAsync(drainTimeout, stopping);
        return stopping.Task;
    }

    /// <summary>
    /// Fails unanswered requests with <see cref="SinchShutdownException"/> at once, stops the actors, closes
    /// connections; terminates the actor system when <see cref="StartAsync"/> created it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await ShutdownAsync(TimeSpan.Zero).ConfigureAwait(false);
        // Not from the shutdown path itself: that may run inside the system's own termination.
        if (_ownsSystem)
            await ActorSystem.Terminate().ConfigureAwait(false);
    }

    private async Task StopAsync(TimeSpan drainTimeout, TaskCompletionSource stopped)
    {
        try
        {
            await _stopAccepting.CancelAsync().ConfigureAwait(false);
            var answered = _calls.AllAnsweredAsync(); // only now: no call is admitted any more
            if (drainTimeout > TimeSpan.Zero && !answered.IsCompleted)
            {
                _log.Draining(_calls.Count, drainTimeout);
                await answered.WaitAsync(drainTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            if (!answered.IsCompleted)
                _log.FailingInFlight(_calls.Count);
            await _shutdown.CancelAsync().ConfigureAwait(false); // the watchdog fails every call still unanswered
            // Those failures reach their callers from the thread pool while the actors stop. Only a caller's own
            // continuation that blocks (it runs before its call counts as answered) could outlast the bound.
            var delivered = answered.WaitAsync(ActorStopTimeout);
            await StopActorsAsync().ConfigureAwait(false);
            await delivered.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _http.Dispose();
            _stopAccepting.Dispose();
            _shutdown.Dispose();
            _metrics.Dispose();
            _log.Stopped();
            stopped.TrySetResult();
        }
        catch (Exception e)
        {
            stopped.TrySetException(e);
        }
    }

    /// <summary>
    /// Waits for the pool and the registry (with its token managers) to stop, so no token fetch is still using the
    /// handler when it is disposed; an actor that does not stop in time is left to the actor system.
    /// </summary>
    private async Task StopActorsAsync()
    {
        if (ActorSystem.WhenTerminated.IsCompleted)
            return;
        try
        {
            await Task.WhenAll(RequestPool.GracefulStop(ActorStopTimeout), ProjectRegistry.GracefulStop(ActorStopTimeout),
                Refreshes.GracefulStop(ActorStopTimeout)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TaskCanceledException or AskTimeoutException)
        {
            // Every request was already answered; a slow stop only delays releasing the actors.
        }
    }

    /// <summary>How long a shutdown waits for the actors to stop, and for the calls it failed to reach their callers.</summary>
    internal static readonly TimeSpan ActorStopTimeout = TimeSpan.FromSeconds(5);

    private void RegisterDrainOnShutdown(ActorSystem system)
    {
        var shutdown = CoordinatedShutdown.Get(system);
        if (string.IsNullOrWhiteSpace(DrainPhase) || !system.Settings.Config.HasPath("akka.coordinated-shutdown.phases." + DrainPhase))
            throw new SinchConfigurationException([$"sinch-actors.shutdown.phase must name a phase of akka.coordinated-shutdown.phases (was '{DrainPhase}')"]);
        var phaseTimeout = shutdown.Timeout(DrainPhase);
        // Answer everything before the phase gives up on us: a drain cut short by the phase would leave requests unanswered
        // while the next phases run.
        var drain = DrainTimeout < phaseTimeout - PhaseMargin ? DrainTimeout : phaseTimeout - PhaseMargin;
        if (drain < DrainTimeout)
            _log.DrainShortened(DrainTimeout, DrainPhase, phaseTimeout, drain);
        shutdown.AddTask(DrainPhase, "sinch-actors-drain",
            async () =>
            {
                await ShutdownAsync(drain > TimeSpan.Zero ? drain : TimeSpan.Zero).ConfigureAwait(false);
                return Akka.Done.Instance;
            });
    }

    /// <summary>What the phase keeps after the drain: time to fail the calls left and for their callers to get the failure.</summary>
    internal static readonly TimeSpan PhaseMargin = TimeSpan.FromMilliseconds(500);
}
