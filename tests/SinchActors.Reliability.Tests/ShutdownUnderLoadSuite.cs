using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Reliability.Tests.Infrastructure;
using SinchActors.Requests;
using Xunit.Abstractions;

namespace SinchActors.Reliability.Tests;

/// <summary>
/// R5 shutdown under load: stopping the host while calls are in flight leaves no call hanging; each completes or gets
/// <see cref="SinchShutdownException"/> within the drain timeout, and the host stops within the drain timeout + 1 s.
/// </summary>
public sealed class ShutdownUnderLoadSuite(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1);
    private SinchEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await SinchEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Every_call_in_flight_completes_or_gets_the_shutdown_error_within_the_drain_timeout_and_the_host_stops_in_time()
    {
        var fast = Tenants.Seed(_emulator, "drain-fast");
        var slow = Tenants.Seed(_emulator, "drain-slow");
        var settings = Hosts.Settings(_emulator, fast, slow);
        settings["Sinch:Shutdown:DrainTimeout"] = Drain.ToString();
        settings["Sinch:Requests:AttemptTimeout"] = "00:00:05";
        settings["Sinch:Requests:MaxInFlightPerProject"] = "10000";
        using var host = Hosts.Build(settings);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<ISinchClient>();
        await Task.WhenAll(client.SendAsync(Tenants.ListKeys(fast)), client.SendAsync(Tenants.ListKeys(slow))); // tokens in hand
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.AccessKeys, ProjectId = fast.ProjectId, LatencyMs = 20, JitterMs = 300 });
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.AccessKeys, ProjectId = slow.ProjectId, LatencyMs = 60_000 });

        var clock = Stopwatch.StartNew();
        var ended = new ConcurrentDictionary<int, TimeSpan>();
        var calls = Enumerable.Range(0, Size.Of(ci: 400, full: 2_000)).Select(i =>
        {
            var call = client.SendAsync(Tenants.ListKeys(i % 5 == 0 ? slow : fast));
            _ = call.ContinueWith(_ => ended[i] = clock.Elapsed, TaskScheduler.Default);
            return call;
        }).ToList();
        var stopAsked = clock.Elapsed;
        await host.StopAsync();
        var stopTook = clock.Elapsed - stopAsked;

        var hung = calls.Count(call => !call.IsCompleted);
        var succeeded = calls.Count(call => call.IsCompletedSuccessfully);
        var shutDown = calls.Count(call => call.Exception?.InnerException is SinchShutdownException);
        var latest = ended.Values.DefaultIfEmpty().Max() - stopAsked;
        output.WriteLine($"R5 shutdown ({Size.Name}): {calls.Count} in flight; {succeeded} completed, {shutDown} got SinchShutdownException, {hung} hung; " +
                         $"host stop took {stopTook.TotalMilliseconds:F0} ms (drain {Drain.TotalMilliseconds:F0} ms); last call ended {latest.TotalMilliseconds:F0} ms after stop began");
        Assert.Equal(0, hung);
        Assert.Equal(calls.Count, succeeded + shutDown);
        Assert.All(calls.Where((_, i) => i % 5 == 0), call => Assert.IsType<SinchShutdownException>(call.Exception?.InnerException));
        Assert.True(succeeded > 0, "fast calls drained");
        Assert.InRange(stopTook, TimeSpan.Zero, Drain + Slack);
        await Await.UntilAsync(() => ended.Count == calls.Count, "every continuation ran", TimeSpan.FromSeconds(5));
        Assert.All(ended.Values, at => Assert.InRange(at - stopAsked, TimeSpan.Zero, Drain + Slack));
    }
}
