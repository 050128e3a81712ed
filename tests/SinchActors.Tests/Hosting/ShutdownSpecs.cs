using System.Diagnostics;
using Akka.Actor;
using SinchActors.Diagnostics;
using SinchActors.Hosting;
using SinchActors.Testing;

namespace SinchActors.Tests.Hosting;

/// <summary>
/// Graceful shutdown against an emulator that holds every call until the spec lets it go (<see cref="HeldServer"/>):
/// which calls are answered during the drain, and when, is the spec's choice, not the machine's.
/// </summary>
public sealed class ShutdownSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(3);

    /// <summary>Beyond the configured timeouts: the thread pool's delays on a busy 2-core machine.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    private HeldServer _server = null!;

    public async Task InitializeAsync() => _server = await HeldServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Coordinated_shutdown_answers_calls_released_during_the_drain_with_their_result_and_fails_the_rest_once_the_drain_timeout_runs_out()
    {
        var fast = _server.NewProject("drain-fast", HeldServer.Fast);
        var slow = _server.NewProject("drain-slow", HeldServer.Slow);
        using var system = ActorSystem.Create("drain", "akka.loglevel = WARNING");
        var log = HeldServer.RuntimeLog();
        var options = _server.Options(log, fast, slow);
        options.Shutdown.DrainTimeout = Drain;
        var runtime = await SinchRuntime.CreateAsync(system, options);
        var fastCalls = Enumerable.Range(0, 200).Select(_ => runtime.Client.SendAsync(HeldServer.Get(fast))).ToList();
        var slowCalls = Enumerable.Range(0, 50).Select(_ => runtime.Client.SendAsync(HeldServer.Get(slow))).ToList();
        await _server.Clock.HeldAsync(250).WaitAsync(HeldServer.Patience); // within max-connections-per-server (256): all on the wire
        Assert.Equal(250, runtime.InFlight);
        // The phase after the drain's: whatever is unanswered when it begins was answered after the drain's phase ended.
        var unansweredAfterDrainPhase = -1;
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "count-unanswered", () =>
        {
            unansweredAfterDrainPhase = fastCalls.Concat(slowCalls).Count(call => !call.IsCompleted);
            return Task.FromResult(Akka.Done.Instance);
        });

        var clock = Stopwatch.StartNew();
        var shutdown = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        Assert.Contains("250", await log.Written(SinchActorsLogEvents.Draining).WaitAsync(HeldServer.Patience));
        Assert.False(runtime.IsAccepting);
        await Assert.ThrowsAsync<SinchShutdownException>(() => runtime.Client.SendAsync(HeldServer.Get(fast)));
        Assert.Equal(200, _server.Clock.Release(HeldServer.Fast));
        await Task.WhenAll(fastCalls).WaitAsync(HeldServer.Patience);
        Assert.False(slowCalls.Any(call => call.IsCompleted), "a held call was failed before the drain timeout ran out");
        await shutdown.WaitAsync(HeldServer.Patience);

        Assert.Equal(0, unansweredAfterDrainPhase);
        Assert.All(slowCalls, call => Assert.IsType<SinchShutdownException>(call.Exception?.InnerException));
        Assert.InRange(clock.Elapsed, Drain - HeldServer.TimerGranularity, Drain + SinchRuntime.ActorStopTimeout + Slack);
        Assert.Contains("50", await log.Written(SinchActorsLogEvents.FailingInFlight));
        Assert.Equal(0, runtime.InFlight);
        await runtime.DisposeAsync(); // after the shutdown's drain, a no-op
    }

    [Fact]
    public async Task Disposing_fails_every_call_without_draining_and_returns_only_once_each_caller_has_its_answer()
    {
        var project = _server.NewProject("dispose", HeldServer.Slow);
        using var system = ActorSystem.Create("dispose", "akka.loglevel = WARNING");
        var log = HeldServer.RuntimeLog();
        var runtime = await SinchRuntime.CreateAsync(system, _server.Options(log, project));
        const int stuckCalls = 20;
        // Each caller works on its answer on the thread that delivered it (synchronous handling, as callers do), so
        // the failures queue on the thread pool: a stop that did not wait for their delivery would return before most
        // are answered. Half the actor stop timeout in all, so even one thread delivers them well within the stop's bound.
        var callerWork = SinchRuntime.ActorStopTimeout / 2 / stuckCalls;
        var stuck = Enumerable.Range(0, stuckCalls).Select(i =>
        {
            var call = runtime.Client.SendAsync(HeldServer.Get(project));
            _ = call.ContinueWith(_ => Thread.Sleep(callerWork), TaskContinuationOptions.ExecuteSynchronously);
            return call;
        }).ToList();
        await _server.Clock.HeldAsync(stuckCalls).WaitAsync(HeldServer.Patience);

        var disposing = runtime.DisposeAsync().AsTask();
        // The moment DisposeAsync's task completes, on the thread that completes it: not a moment later.
        var unansweredWhenDisposed = disposing.ContinueWith(_ => stuck.Count(call => !call.IsCompleted), TaskContinuationOptions.ExecuteSynchronously);
        await disposing.WaitAsync(HeldServer.Patience);

        Assert.Equal(0, await unansweredWhenDisposed);
        Assert.All(stuck, call => Assert.IsType<SinchShutdownException>(call.Exception?.InnerException));
        Assert.False(log.Written(SinchActorsLogEvents.Draining).IsCompleted, "disposing drained");
        Assert.Contains($"{stuckCalls}", await log.Written(SinchActorsLogEvents.FailingInFlight));
        Assert.False(runtime.IsAccepting);
        await runtime.ShutdownAsync(TimeSpan.FromSeconds(5)).WaitAsync(HeldServer.Patience); // already stopped: returns at once
    }
}
