using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SinchActors.Diagnostics;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Requests;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

/// <summary>
/// <c>AddSinchActors</c> alone, no <c>AddAkka</c>: SinchActors starts an actor system of its own with the host and
/// shuts it down with the host. In the telemetry collection, since it reads the process-wide meter.
/// </summary>
[Collection(TelemetryCollection.Name)]
public class OwnActorSystemSpecs(EmulatorFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AddSinchActors_alone_serves_calls_with_health_and_metrics_and_stops_with_the_host_draining_what_is_in_flight()
    {
        using var metrics = new TelemetrySpecs.MetricsRecorder();
        var project = fixture.NewProject("alone");
        var settings = TestHost.Settings(fixture, project);
        settings["Sinch:Shutdown:DrainTimeout"] = "00:00:00.2";
        using var host = TestHost.BuildAlone(settings);
        await host.StartAsync();

        var runtime = host.Services.GetRequiredService<SinchRuntime>();
        Assert.Null(host.Services.GetService<ActorSystem>()); // the app registered none: the runtime's system is SinchActors' own
        Assert.Equal("sinch-actors", runtime.ActorSystem.Name);
        var client = host.Services.GetRequiredService<ISinchClient>();
        var page = await client.AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(Patience);
        Assert.Single(page.AccessKeys);
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Entries[SinchActorsHostingExtensions.HealthCheckName].Status);
        Assert.Single(metrics.Of("sinch.requests", project.ProjectId), m => (string?)m.Tags[SinchActorsTelemetry.OutcomeTag] == "success");

        TestHost.Inject(fixture, project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 60_000 });
        var stuck = client.AccessKeys.ListPageAsync(project.ProjectId);
        await GenericHostSpecs.AwaitInFlight(runtime, 1);
        await host.StopAsync().WaitAsync(Patience);

        await runtime.ActorSystem.WhenTerminated.WaitAsync(Patience);
        await Assert.ThrowsAsync<SinchShutdownException>(() => stuck.WaitAsync(Patience));
        await Assert.ThrowsAsync<SinchShutdownException>(() => client.AccessKeys.ListPageAsync(project.ProjectId));
    }
}
