using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SinchActors.Hosting;
using SinchActors.Requests;
using SinchActors.Tests.Requests;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Tests.Hosting;

[Collection(HostingCollection.Name)]
public class GenericHostSpecs(EmulatorFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_generic_host_serves_requests_through_ISinchClient_and_an_application_actor_using_IRequiredActor()
    {
        var project = fixture.NewProject("host");
        using var host = TestHost.Build(TestHost.Settings(fixture, project), akka => akka.WithActors((system, registry, resolver) =>
            registry.Register<Lister>(system.ActorOf(resolver.Props<Lister>(), "lister"))));
        await host.StartAsync();

        var client = host.Services.GetRequiredService<ISinchClient>();
        var page = await client.AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(Patience);
        Assert.Single(page.AccessKeys);

        var lister = await host.Services.GetRequiredService<IRequiredActor<Lister>>().GetAsync();
        var status = await lister.Ask<int>(project.ProjectId, Patience);
        Assert.Equal(200, status);
        Assert.Equal(2, fixture.Emulator.Stats.ApiRequests(project.ProjectId));

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, health.Entries[SinchActorsHostingExtensions.HealthCheckName].Status);

        await host.StopAsync();
    }

    [Fact]
    public async Task The_request_pool_runs_under_a_stable_name_and_is_registered_in_the_actor_registry()
    {
        var project = fixture.NewProject("host-registry");
        using var host = TestHost.Build(TestHost.Settings(fixture, project));
        await host.StartAsync();

        var pool = await host.Services.GetRequiredService<IRequiredActor<SinchRequestPool>>().GetAsync();
        Assert.Equal("/user/sinch-requests", pool.Path.ToStringWithoutAddress());
        Assert.Same(host.Services.GetRequiredService<SinchRuntime>().Client, host.Services.GetRequiredService<ISinchClient>());
        Assert.Same(host.Services.GetRequiredService<ActorSystem>(), host.Services.GetRequiredService<SinchRuntime>().ActorSystem); // the app's own system
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_the_host_drains_in_flight_requests_then_refuses_new_ones()
    {
        var project = fixture.NewProject("host-stop");
        var settings = TestHost.Settings(fixture, project);
        settings["Sinch:Shutdown:DrainTimeout"] = "00:00:01";
        settings["Sinch:Requests:AttemptTimeout"] = "00:00:03";
        using var host = TestHost.Build(settings);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<ISinchClient>();
        await client.AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(Patience); // token fetched, connection warm
        fixture.Emulator.Faults.Add(new() { Kind = Emulator.Faults.FaultKind.Latency, LatencyMs = 60_000, ProjectId = project.ProjectId });

        var stuck = client.AccessKeys.ListPageAsync(project.ProjectId);
        await AwaitInFlight(host.Services.GetRequiredService<SinchRuntime>(), 1);
        await host.StopAsync().WaitAsync(Patience);

        await Assert.ThrowsAsync<SinchShutdownException>(() => stuck.WaitAsync(Patience));
        await Assert.ThrowsAsync<SinchShutdownException>(() => client.AccessKeys.ListPageAsync(project.ProjectId));
    }

    internal static async Task AwaitInFlight(SinchRuntime runtime, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (runtime.InFlight < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} requests never got in flight");
            await Task.Yield();
        }
    }

    /// <summary>An application actor using the actor-native path: asked a project ID, it answers the status of a list call.</summary>
    private sealed class Lister : ReceiveActor
    {
        public Lister(IRequiredActor<SinchRequestPool> pool)
        {
            Receive<string>(projectId =>
            {
                var request = new SinchRequest(HttpMethod.Get, projectId, SinchApiFamily.AccessKeys, $"/v1/projects/{projectId}/accessKeys");
                pool.ActorRef.Tell(new SendSinchRequest(Sender, request));
            });
            Receive<SinchRequestSucceeded>(ok => ((IActorRef)ok.CorrelationId).Tell((int)ok.Response.StatusCode));
            Receive<SinchRequestFailed>(failed => ((IActorRef)failed.CorrelationId).Tell(new Status.Failure(failed.Error)));
        }
    }
}
