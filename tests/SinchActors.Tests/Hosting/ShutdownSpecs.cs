using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Requests;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

[Collection(HostingCollection.Name)]
public class ShutdownSpecs(EmulatorFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Coordinated_shutdown_during_load_answers_every_request_with_its_result_or_the_shutdown_error_within_the_drain_timeout()
    {
        var fast = fixture.NewProject("drain-fast");
        var slow = fixture.NewProject("drain-slow");
        using var system = ActorSystem.Create("drain", "akka.loglevel = WARNING");
        var options = Options(fast, slow);
        options.Shutdown.DrainTimeout = TimeSpan.FromSeconds(3);
        var runtime = await SinchRuntime.CreateAsync(system, options);
        await Task.WhenAll(runtime.Client.SendAsync(TestHost.Get(fast)), runtime.Client.SendAsync(TestHost.Get(slow))).WaitAsync(Patience); // tokens fetched
        TestHost.Inject(fixture, fast, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 50 });
        TestHost.Inject(fixture, slow, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 60_000 });

        var fastCalls = Enumerable.Range(0, 200).Select(_ => runtime.Client.SendAsync(TestHost.Get(fast))).ToList();
        var slowCalls = Enumerable.Range(0, 50).Select(_ => runtime.Client.SendAsync(TestHost.Get(slow))).ToList();
        Assert.Equal(250, runtime.InFlight);

        var shutdown = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        await AwaitNotAccepting(runtime);
        await Assert.ThrowsAsync<SinchShutdownException>(() => runtime.Client.SendAsync(TestHost.Get(fast)));

        try
        {
            await Task.WhenAll(fastCalls.Concat(slowCalls)).WaitAsync(Patience);
        }
        catch (SinchShutdownException)
        {
            // expected for the slow calls; each call is checked below
        }
        Assert.All(fastCalls, call => Assert.True(call.IsCompletedSuccessfully, $"drained request ended {call.Status}: {call.Exception?.InnerException}"));
        Assert.All(slowCalls, call => Assert.IsType<SinchShutdownException>(call.Exception?.InnerException));
        Assert.Equal(0, runtime.InFlight);
        await shutdown.WaitAsync(Patience);
        await runtime.DisposeAsync(); // after the shutdown's drain, a no-op
    }

    [Fact]
    public async Task Disposing_shares_the_shutdown_path_without_draining()
    {
        var project = fixture.NewProject("dispose");
        using var system = ActorSystem.Create("dispose", "akka.loglevel = WARNING");
        var runtime = await SinchRuntime.CreateAsync(system, Options(project));
        await runtime.Client.SendAsync(TestHost.Get(project)).WaitAsync(Patience);
        TestHost.Inject(fixture, project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 60_000 });
        var stuck = runtime.Client.SendAsync(TestHost.Get(project));

        await runtime.DisposeAsync().AsTask().WaitAsync(Patience);

        await Assert.ThrowsAsync<SinchShutdownException>(() => stuck.WaitAsync(Patience));
        Assert.False(runtime.IsAccepting);
        await runtime.ShutdownAsync(TimeSpan.FromSeconds(5)).WaitAsync(Patience); // already stopped: returns at once
    }

    private SinchActorsOptions Options(params SinchCredentials[] projects)
    {
        // Longer than the drain, so slow calls are still in flight when it ends; short, so their abandoned attempts
        // (their requests already answered) do not keep the emulator busy long after.
        var options = TestHost.Options(fixture, projects);
        options.Requests.AttemptTimeout = TimeSpan.FromSeconds(5);
        return options;
    }

    /// <summary>Checks on a timer tick (there is no event to await) until the runtime refuses new calls, with a deadline.</summary>
    private static async Task AwaitNotAccepting(SinchRuntime runtime)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        var deadline = DateTime.UtcNow + Patience;
        while (runtime.IsAccepting)
        {
            Assert.True(DateTime.UtcNow < deadline, "the runtime kept accepting");
            await tick.WaitForNextTickAsync();
        }
    }
}
