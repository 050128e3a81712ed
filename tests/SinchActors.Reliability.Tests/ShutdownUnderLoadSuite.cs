using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SinchActors.Diagnostics;
using SinchActors.Hosting;
using SinchActors.Reliability.Tests.Infrastructure;
using SinchActors.Requests;
using SinchActors.Testing;
using Xunit.Abstractions;

namespace SinchActors.Reliability.Tests;

/// <summary>
/// R5 shutdown under load: the host stops while every call is on the wire, held by the server. The fast calls'
/// answers are let go once the drain has begun, the slow ones never: each fast call gets its result, each slow one
/// <see cref="SinchShutdownException"/> when the drain timeout runs out, and when the host's StopAsync returns no call
/// is left unanswered. The host stops within the drain timeout + the runtime's actor stop timeout + <see cref="Slack"/>.
/// </summary>
[Collection(Alone.Name)]
public sealed class ShutdownUnderLoadSuite(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The drain's coordinated-shutdown phase timeout: room for the drain and the runtime's actor stop timeout, so the
    /// phase does not move on while the shutdown's failures are still being delivered.
    /// </summary>
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Beyond the configured timeouts: the host's other shutdown phases, the actor system's termination and the
    /// thread pool's delays on a busy 2-core machine.
    /// </summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    private HeldServer _server = null!;

    public async Task InitializeAsync() => _server = await HeldServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_call_in_flight_is_answered_when_the_host_stop_returns_fast_ones_with_their_result_slow_ones_with_the_shutdown_error()
    {
        var calls = Size.Of(ci: 400, full: 2_000);
        var fast = _server.NewProject("drain-fast", HeldServer.Fast);
        var slow = _server.NewProject("drain-slow", HeldServer.Slow);
        var settings = Hosts.Settings(_server.Emulator, fast, slow);
        settings["Sinch:Shutdown:DrainTimeout"] = Drain.ToString();
        settings["Sinch:Requests:AttemptTimeout"] = "00:00:20"; // held calls outlast the set-up and the drain
        settings["Sinch:Requests:MaxInFlightPerProject"] = calls.ToString();
        settings["Sinch:Requests:Http:MaxConnectionsPerServer"] = calls.ToString(); // every call on the wire at once
        var log = new LogEventProbe(SinchActorsLogEvents.Category);
        using var host = Hosts.Build(settings, log, $"akka.coordinated-shutdown.phases.service-requests-done.timeout = {PhaseTimeout.TotalSeconds}s");
        await host.StartAsync();
        var client = host.Services.GetRequiredService<ISinchClient>();
        var clock = Stopwatch.StartNew();
        var ended = new TimeSpan[calls];
        var isSlow = Enumerable.Range(0, calls).Select(i => i % 5 == 0).ToArray();
        // Each slow call's caller works on its answer on the thread that delivered it (synchronous handling, as
        // callers do): the shutdown's failures then wait on the thread pool as on a busy machine, and a stop that did
        // not wait for their delivery returns before most are answered. 80% of the actor stop timeout in all, so even
        // one thread delivers them within the stop's bound (80 callers x 50 ms at CI size).
        var callerWork = SinchRuntime.ActorStopTimeout * 0.8 / isSlow.Count(slowCall => slowCall);
        var sent = Enumerable.Range(0, calls).Select(i =>
        {
            var call = client.SendAsync(HeldServer.Get(isSlow[i] ? slow : fast));
            _ = call.ContinueWith(_ =>
            {
                ended[i] = clock.Elapsed;
                if (isSlow[i])
                    Thread.Sleep(callerWork);
            }, TaskContinuationOptions.ExecuteSynchronously);
            return call;
        }).ToList();
        await _server.Clock.HeldAsync(calls).WaitAsync(HeldServer.Patience); // every call is on the wire, none answered

        var stopAsked = clock.Elapsed;
        var stopping = host.StopAsync();
        // The moment StopAsync's task completes, on the thread that completes it: not a moment later.
        var unansweredAtStop = stopping.ContinueWith(_ => sent.Count(call => !call.IsCompleted), TaskContinuationOptions.ExecuteSynchronously);
        await log.Written(SinchActorsLogEvents.Draining).WaitAsync(HeldServer.Patience);
        var released = _server.Clock.Release(HeldServer.Fast);
        await stopping;
        var stopTook = clock.Elapsed - stopAsked;

        var succeeded = sent.Count(call => call.IsCompletedSuccessfully);
        var shutDown = sent.Count(call => call.Exception?.InnerException is SinchShutdownException);
        var lastEnded = ended.Max() - stopAsked;
        output.WriteLine($"R5 shutdown ({Size.Name}): {calls} in flight; {await unansweredAtStop} unanswered when StopAsync returned; {succeeded} completed, " +
                         $"{shutDown} got SinchShutdownException; host stop took {stopTook.TotalMilliseconds:F0} ms (drain {Drain.TotalMilliseconds:F0} ms); " +
                         $"last call ended {lastEnded.TotalMilliseconds:F0} ms after stop began");
        Assert.Equal(0, await unansweredAtStop);
        Assert.Equal(calls - calls / 5, released);
        Assert.All(sent.Where((_, i) => !isSlow[i]), call => Assert.True(call.IsCompletedSuccessfully, $"a drained call ended {call.Status}: {call.Exception?.InnerException}"));
        Assert.All(sent.Where((_, i) => isSlow[i]), call => Assert.IsType<SinchShutdownException>(call.Exception?.InnerException));
        // Failed no earlier than the drain timeout after the stop began (the drain began after that), give or take the
        // timer's granularity.
        Assert.All(ended.Where((_, i) => isSlow[i]), at => Assert.InRange(at - stopAsked, Drain - HeldServer.TimerGranularity, TimeSpan.MaxValue));
        Assert.InRange(stopTook, Drain, Drain + SinchRuntime.ActorStopTimeout + Slack);
    }
}
