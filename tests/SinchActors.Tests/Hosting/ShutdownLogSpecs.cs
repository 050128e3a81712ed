using Akka.Actor;
using Microsoft.Extensions.Logging;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

/// <summary>The shutdown's log events 1002–1004, each written with its event ID when its situation happens, and only then.</summary>
public sealed class ShutdownLogSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    // Fault caught: no 1002 when a shutdown drains calls, or a 1003 although the drain answered every call.
    [Fact]
    public async Task A_drain_that_answers_every_call_logs_draining_1002_with_the_calls_in_flight_and_no_1003()
    {
        var project = Fixture.NewProject("log-drain");
        var (runtime, log) = Start(null, project);
        // Held for half the attempt timeout: still on the wire when the shutdown starts, answered well within the drain.
        Inject(project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = (int)(FastSettings.AttemptTimeout / 2).TotalMilliseconds });
        var call = runtime.Client.SendAsync(Get(project));
        await OnTheWireAsync(project);

        await runtime.ShutdownAsync(FastSettings.AttemptTimeout).WaitAsync(Patience);

        await call.WaitAsync(Patience);
        var draining = Assert.Single(log.Entries, e => e.EventId == SinchActorsLogEvents.Draining);
        Assert.Equal((SinchActorsLogEvents.Category, LogLevel.Information), (draining.Category, draining.Level));
        Assert.Equal(1, draining.Values["InFlight"]);
        Assert.DoesNotContain(log.Entries, e => e.EventId == SinchActorsLogEvents.FailingInFlight);
    }

    // Fault caught: no 1003 when the drain ends with calls unanswered.
    [Fact]
    public async Task A_drain_that_ends_with_a_call_in_flight_logs_1002_then_failing_in_flight_1003_and_fails_the_call()
    {
        var project = Fixture.NewProject("log-fail");
        var (runtime, log) = Start(null, project);
        Inject(project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 30_000 });
        var call = runtime.Client.SendAsync(Get(project));
        await OnTheWireAsync(project);

        await runtime.ShutdownAsync(TimeSpan.FromMilliseconds(100)).WaitAsync(Patience);

        await Assert.ThrowsAsync<SinchShutdownException>(() => call.WaitAsync(Patience));
        Assert.Equal([1002, 1003], log.Entries.Select(e => e.EventId.Id).Where(id => id is 1002 or 1003));
        var failing = Assert.Single(log.Entries, e => e.EventId == SinchActorsLogEvents.FailingInFlight);
        Assert.Equal((SinchActorsLogEvents.Category, LogLevel.Warning), (failing.Category, failing.Level));
        Assert.Equal(1, failing.Values["InFlight"]);
    }

    // Fault caught: a drain timeout cut to fit its coordinated-shutdown phase without a word, or 1004 when it fits.
    [Fact]
    public void A_drain_timeout_longer_than_its_coordinated_shutdown_phase_logs_drain_shortened_1004_naming_the_setting()
    {
        var configured = TimeSpan.FromHours(1);
        var (runtime, log) = Start(o => o.Shutdown.DrainTimeout = configured);
        var (_, fitting) = Start(o => o.Shutdown.DrainTimeout = TimeSpan.FromMilliseconds(100));

        Assert.InRange(CoordinatedShutdown.Get(Sys).Timeout(runtime.DrainPhase), TimeSpan.Zero, configured - TimeSpan.FromTicks(1));
        var shortened = Assert.Single(log.Entries, e => e.EventId == SinchActorsLogEvents.DrainShortened);
        Assert.Equal((SinchActorsLogEvents.Category, LogLevel.Warning), (shortened.Category, shortened.Level));
        Assert.Contains("sinch-actors.shutdown.drain-timeout", shortened.Message, StringComparison.Ordinal);
        Assert.Equal(configured, shortened.Values["Configured"]);
        Assert.DoesNotContain(fitting.Entries, e => e.EventId == SinchActorsLogEvents.DrainShortened);
    }

    private (SinchRuntime Runtime, CapturingLoggerProvider Log) Start(Action<SinchActorsOptions>? configure, params SinchCredentials[] projects)
    {
        var log = new CapturingLoggerProvider();
        var options = new SinchActorsOptions { LoggerFactory = LoggerFactory.Create(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Debug)) };
        configure?.Invoke(options);
        return (StartRuntimeWith(options, projects), log);
    }
}
