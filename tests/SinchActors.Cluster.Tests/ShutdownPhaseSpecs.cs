using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using SinchActors.Diagnostics;
using SinchActors.Hosting;
using SinchActors.Testing;

namespace SinchActors.Cluster.Tests;

/// <summary>
/// <c>sinch-actors.shutdown.phase</c>: the coordinated-shutdown phase the drain runs in, and whose timeout bounds it.
/// Against an emulator that holds every call until the spec lets it go (<see cref="HeldServer"/>).
/// </summary>
public sealed class ShutdownPhaseSpecs : IAsyncLifetime
{
    private HeldServer _server = null!;

    public async Task InitializeAsync() => _server = await HeldServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_drain_runs_in_the_configured_phase_and_answers_every_call_before_the_next_phase_begins()
    {
        var fast = _server.NewProject("phase-fast", HeldServer.Fast);
        var slow = _server.NewProject("phase-slow", HeldServer.Slow);
        using var system = ActorSystem.Create("phase", ConfigurationFactory.ParseString("sinch-actors.shutdown.phase = cluster-sharding-shutdown-region"));
        var log = HeldServer.RuntimeLog();
        var options = _server.Options(log, fast, slow);
        options.Shutdown.DrainTimeout = TimeSpan.FromSeconds(2);
        var runtime = await SinchRuntime.CreateAsync(system, options);
        var calls = new[] { runtime.Client.SendAsync(HeldServer.Get(fast)), runtime.Client.SendAsync(HeldServer.Get(slow)) };
        await _server.Clock.HeldAsync(calls.Length).WaitAsync(HeldServer.Patience);
        var shutdown = CoordinatedShutdown.Get(system);
        var acceptingInPhaseBefore = false;
        var unansweredInPhaseBefore = -1;
        var unansweredInPhaseAfter = -1;
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "look-before-the-drain", () =>
        {
            acceptingInPhaseBefore = runtime.IsAccepting;
            unansweredInPhaseBefore = calls.Count(call => !call.IsCompleted);
            return Task.FromResult(Akka.Done.Instance);
        });
        shutdown.AddTask(CoordinatedShutdown.PhaseClusterLeave, "look-after-the-drain", () =>
        {
            unansweredInPhaseAfter = calls.Count(call => !call.IsCompleted);
            return Task.FromResult(Akka.Done.Instance);
        });

        var running = shutdown.Run(CoordinatedShutdown.UnknownReason.Instance);
        await log.Written(SinchActorsLogEvents.Draining).WaitAsync(HeldServer.Patience);
        _server.Clock.Release(HeldServer.Fast);
        await running.WaitAsync(HeldServer.Patience);

        Assert.True(acceptingInPhaseBefore, "the runtime stopped accepting before its phase");
        Assert.Equal(calls.Length, unansweredInPhaseBefore);
        Assert.Equal(0, unansweredInPhaseAfter);
        Assert.True(calls[0].IsCompletedSuccessfully, $"the call released during the drain ended {calls[0].Status}");
        Assert.IsType<SinchShutdownException>(calls[1].Exception?.InnerException);
    }

    [Fact]
    public async Task A_drain_timeout_longer_than_its_phase_is_cut_to_fit_and_every_call_is_answered_before_the_phase_ends()
    {
        var phaseTimeout = TimeSpan.FromSeconds(2);
        var project = _server.NewProject("phase-cut", HeldServer.Slow);
        using var system = ActorSystem.Create("phase", ConfigurationFactory.ParseString(
            $"akka.coordinated-shutdown.phases.service-requests-done.timeout = {phaseTimeout.TotalMilliseconds}ms"));
        var log = HeldServer.RuntimeLog();
        var options = _server.Options(log, project);
        options.Shutdown.DrainTimeout = TimeSpan.FromSeconds(30);
        var runtime = await SinchRuntime.CreateAsync(system, options);
        var cut = phaseTimeout - SinchRuntime.PhaseMargin;
        var clock = Stopwatch.StartNew();
        var answeredAt = TimeSpan.Zero;
        var call = runtime.Client.SendAsync(HeldServer.Get(project));
        _ = call.ContinueWith(_ => answeredAt = clock.Elapsed, TaskContinuationOptions.ExecuteSynchronously);
        await _server.Clock.HeldAsync(1).WaitAsync(HeldServer.Patience);
        var shutdown = CoordinatedShutdown.Get(system);
        var unansweredInNextPhase = -1;
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "look-after-the-drain", () =>
        {
            unansweredInNextPhase = call.IsCompleted ? 0 : 1;
            return Task.FromResult(Akka.Done.Instance);
        });

        var runFrom = clock.Elapsed;
        await shutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(HeldServer.Patience);

        Assert.Equal(0, unansweredInNextPhase);
        Assert.IsType<SinchShutdownException>(call.Exception?.InnerException);
        Assert.InRange(answeredAt - runFrom, cut - HeldServer.TimerGranularity, TimeSpan.MaxValue); // failed only once the cut drain ran out
        var shortened = log.Written(SinchActorsLogEvents.DrainShortened);
        Assert.True(shortened.IsCompleted, "the cut was not logged when the runtime started");
        Assert.Contains($"draining for {cut}", await shortened);
    }

    [Fact]
    public async Task An_unknown_phase_is_refused_naming_the_setting()
    {
        using var system = ActorSystem.Create("phase", ConfigurationFactory.ParseString("sinch-actors.shutdown.phase = after-everything"));

        var error = await Assert.ThrowsAsync<SinchConfigurationException>(() => SinchRuntime.CreateAsync(system, new SinchActorsOptions()));

        Assert.Contains("sinch-actors.shutdown.phase", error.Message);
        Assert.Contains("after-everything", error.Message);
    }
}
