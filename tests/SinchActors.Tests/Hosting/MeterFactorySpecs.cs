using System.Diagnostics.Metrics;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Hosting;
using SinchActors.Requests;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

/// <summary>Each runtime measures on a meter of its own: the app's <see cref="IMeterFactory"/>'s when it has one, else its own.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MeterFactorySpecs(EmulatorFixture fixture) : TestKit("akka.loglevel = WARNING"), IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly List<SinchRuntime> _runtimes = [];

    // Fault caught: a process-wide meter (each factory's collector would see both runtimes), or a factory ignored.
    [Fact]
    public async Task Two_runtimes_given_their_own_meter_factories_measure_each_on_its_own_and_never_mix()
    {
        using var firstServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var secondServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var firstRequests = new MetricCollector<long>(firstServices.GetRequiredService<IMeterFactory>(), SinchActorsTelemetry.Name, "sinch.requests");
        using var secondRequests = new MetricCollector<long>(secondServices.GetRequiredService<IMeterFactory>(), SinchActorsTelemetry.Name, "sinch.requests");
        var (one, two) = (fixture.NewProject("factory-one"), fixture.NewProject("factory-two"));
        var first = await Start(one, o => o.MeterFactory = firstServices.GetRequiredService<IMeterFactory>());
        var second = await Start(two, o => o.MeterFactory = secondServices.GetRequiredService<IMeterFactory>());

        await first.Client.SendAsync(TestHost.Get(one)).WaitAsync(Patience);
        await second.Client.SendAsync(TestHost.Get(two)).WaitAsync(Patience);
        await second.Client.SendAsync(TestHost.Get(two)).WaitAsync(Patience);

        Assert.Equal([one.ProjectId], firstRequests.GetMeasurementSnapshot().Select(m => m.Tags[SinchActorsTelemetry.ProjectTag]));
        Assert.Equal([two.ProjectId, two.ProjectId], secondRequests.GetMeasurementSnapshot().Select(m => m.Tags[SinchActorsTelemetry.ProjectTag]));
    }

    // Fault caught: runtimes without a factory sharing one static meter, or a runtime's own meter outliving it.
    [Fact]
    public async Task A_runtime_without_a_meter_factory_measures_on_a_meter_of_its_own_that_it_disposes_when_it_stops()
    {
        using var metrics = new TelemetrySpecs.MetricsRecorder();
        var completed = new TaskCompletionSource<Meter>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (one, two) = (fixture.NewProject("own-meter-one"), fixture.NewProject("own-meter-two"));
        var first = await Start(one);
        var second = await Start(two);
        await first.Client.SendAsync(TestHost.Get(one)).WaitAsync(Patience);
        await second.Client.SendAsync(TestHost.Get(two)).WaitAsync(Patience);
        var firstMeter = Assert.Single(metrics.Of("sinch.requests", one.ProjectId)).Meter;
        var secondMeter = Assert.Single(metrics.Of("sinch.requests", two.ProjectId)).Meter;
        Assert.NotSame(firstMeter, secondMeter);
        metrics.Listener.MeasurementsCompleted = (instrument, _) =>
        {
            if (instrument.Name == "sinch.requests" && ReferenceEquals(instrument.Meter, firstMeter))
                completed.TrySetResult(instrument.Meter);
        };

        await first.DisposeAsync();

        Assert.Same(firstMeter, await completed.Task.WaitAsync(Patience));
        await second.Client.SendAsync(TestHost.Get(two)).WaitAsync(Patience);
        Assert.Equal(2, metrics.Of("sinch.requests", two.ProjectId).Count);
    }

    // Fault caught: AddSinchActors not taking the host's IMeterFactory (a collector on it would see nothing).
    [Fact]
    public async Task A_hosted_runtime_measures_on_the_hosts_meter_factory()
    {
        var project = fixture.NewProject("hosted-meter");
        using var host = TestHost.BuildAlone(TestHost.Settings(fixture, project));
        using var requests = new MetricCollector<long>(host.Services.GetRequiredService<IMeterFactory>(), SinchActorsTelemetry.Name, "sinch.requests");
        await host.StartAsync();

        await host.Services.GetRequiredService<ISinchClient>().AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(Patience);
        await host.StopAsync();

        var measured = Assert.Single(requests.GetMeasurementSnapshot());
        Assert.Equal((project.ProjectId, "access_keys.list"), ((string?)measured.Tags[SinchActorsTelemetry.ProjectTag], (string?)measured.Tags[SinchActorsTelemetry.OperationTag]));
    }

    private async Task<SinchRuntime> Start(SinchCredentials project, Action<SinchActorsOptions>? configure = null)
    {
        var options = TestHost.Options(fixture, project);
        options.ProjectRegistryName = $"projects-{project.ProjectId}";
        configure?.Invoke(options);
        var runtime = await SinchRuntime.CreateAsync(Sys, options);
        _runtimes.Add(runtime);
        return runtime;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var runtime in _runtimes)
            await runtime.DisposeAsync();
    }
}
