using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Requests;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

/// <summary>
/// Metrics and spans: their tags, and each runtime measuring on a meter of its own (the app's
/// <see cref="IMeterFactory"/>'s when it has one, else its own).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetrySpecs(EmulatorFixture fixture) : TestKit("akka.loglevel = WARNING"), IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly List<SinchRuntime> _runtimes = [];

    [Fact]
    public async Task Metrics_count_requests_retries_and_token_fetches_with_their_tags_and_durations()
    {
        using var metrics = new MetricsRecorder();
        var project = fixture.NewProject("metrics");
        var runtime = await Start(project);
        TestHost.Inject(fixture, project, new FaultRule { StatusCode = 500, Count = 1 });

        await runtime.Client.SendAsync(TestHost.Get(project)).WaitAsync(Patience);
        await Assert.ThrowsAsync<SinchUnknownProjectException>(() => runtime.Client.SendAsync(TestHost.Get(fixture.NewProject("metrics-unknown"))));

        var succeeded = Assert.Single(metrics.Of("sinch.requests", project.ProjectId), m => (string?)m.Tags[SinchActorsTelemetry.OutcomeTag] == "success");
        Assert.Equal(1L, succeeded.Value);
        Assert.Equal("access-keys", succeeded.Tags[SinchActorsTelemetry.ApiTag]);
        Assert.Equal(200, succeeded.Tags[SinchActorsTelemetry.StatusTag]);
        Assert.Equal("GET", succeeded.Tags[SinchActorsTelemetry.MethodTag]);
        Assert.False(succeeded.Tags.ContainsKey(SinchActorsTelemetry.ErrorTypeTag));
        Assert.Single(metrics.Of("sinch.request.duration", project.ProjectId));
        var retry = Assert.Single(metrics.Of("sinch.retries", project.ProjectId));
        Assert.Equal("server_error", retry.Tags[SinchActorsTelemetry.RetryReasonTag]);
        var fetch = Assert.Single(metrics.Of("sinch.token.fetches", project.ProjectId));
        Assert.Equal("success", fetch.Tags[SinchActorsTelemetry.OutcomeTag]);
        Assert.Single(metrics.Of("sinch.token.fetch.duration", project.ProjectId));
        // Semantic conventions: the full type name of an error that had no HTTP status.
        Assert.Contains(metrics.Of("sinch.requests"), m => (string?)m.Tags.GetValueOrDefault(SinchActorsTelemetry.ErrorTypeTag) == typeof(SinchUnknownProjectException).FullName);

        metrics.Listener.RecordObservableInstruments();
        Assert.Contains(metrics.Of("sinch.projects.active"), m => m.Value >= 1);
        Assert.Contains(metrics.Of("sinch.requests.in_flight"), m => m.Value == 0);
    }

    // Fault caught: metrics that cannot tell a list from a create, or an HTTP error whose error.type is not its status code.
    [Fact]
    public async Task Request_metrics_name_the_typed_calls_operation_and_an_http_errors_status_code_as_its_error_type()
    {
        using var metrics = new MetricsRecorder();
        var project = fixture.NewProject("operations");
        var runtime = await Start(project, o => o.Requests.MaxRetries = 0);

        await runtime.Client.AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(Patience);
        await runtime.Client.AccessKeys.CreateAsync(project.ProjectId, "metrics").WaitAsync(Patience);
        TestHost.Inject(fixture, project, new FaultRule { StatusCode = 503, Count = 1 });
        await Assert.ThrowsAsync<SinchApiException>(() => runtime.Client.AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(Patience));

        var requests = metrics.Of("sinch.requests", project.ProjectId);
        var list = Assert.Single(requests, m => (string?)m.Tags[SinchActorsTelemetry.OperationTag] == "access_keys.list" && (string?)m.Tags[SinchActorsTelemetry.OutcomeTag] == "success");
        Assert.Equal("GET", list.Tags[SinchActorsTelemetry.MethodTag]);
        var create = Assert.Single(requests, m => (string?)m.Tags[SinchActorsTelemetry.OperationTag] == "access_keys.create");
        Assert.Equal("POST", create.Tags[SinchActorsTelemetry.MethodTag]);
        var failed = Assert.Single(requests, m => (string?)m.Tags[SinchActorsTelemetry.OutcomeTag] == "failure");
        Assert.Equal("access_keys.list", failed.Tags[SinchActorsTelemetry.OperationTag]);
        Assert.Equal("503", failed.Tags[SinchActorsTelemetry.ErrorTypeTag]);
        Assert.Equal(503, failed.Tags[SinchActorsTelemetry.StatusTag]);
    }

    [Fact]
    public async Task The_project_tag_can_be_switched_off_for_high_cardinality_in_one_runtime_without_touching_another()
    {
        using var metrics = new MetricsRecorder();
        var untagged = fixture.NewProject("no-project-tag");
        var quiet = await Start(untagged, o => o.Telemetry.IncludeProjectTag = false);
        var tagged = fixture.NewProject("project-tag");
        var other = await Start(tagged);

        await quiet.Client.SendAsync(TestHost.Get(untagged)).WaitAsync(Patience);
        await other.Client.SendAsync(TestHost.Get(tagged)).WaitAsync(Patience);

        Assert.Contains(metrics.Of("sinch.requests"), m => !m.Tags.ContainsKey(SinchActorsTelemetry.ProjectTag));
        Assert.Contains(metrics.Of("sinch.token.fetches"), m => !m.Tags.ContainsKey(SinchActorsTelemetry.ProjectTag));
        Assert.Empty(metrics.Of("sinch.requests", untagged.ProjectId));
        Assert.Empty(metrics.Of("sinch.token.fetches", untagged.ProjectId));
        Assert.Single(metrics.Of("sinch.requests", tagged.ProjectId));
        Assert.Single(metrics.Of("sinch.token.fetches", tagged.ProjectId));
    }

    [Fact]
    public async Task A_request_span_has_a_child_per_attempt_and_per_token_fetch_and_its_context_flows_into_the_http_call()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SinchActorsTelemetry.Name or "System.Net.Http" or "test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var testSource = new ActivitySource("test");
        var project = fixture.NewProject("spans");
        var runtime = await Start(project);
        TestHost.Inject(fixture, project, new FaultRule { StatusCode = 500, Count = 1 });

        using (var caller = testSource.StartActivity("caller"))
        {
            await runtime.Client.SendAsync(TestHost.Get(project)).WaitAsync(Patience);
            Assert.Same(caller, Activity.Current); // the request's span never leaks into the caller's flow

            var request = Assert.Single(stopped, a => a.OperationName == SinchActorsTelemetry.RequestActivity);
            Assert.Equal(caller!.SpanId, request.ParentSpanId);
            Assert.Equal(project.ProjectId, request.GetTagItem(SinchActorsTelemetry.ProjectTag));
            Assert.Equal(200, request.GetTagItem(SinchActorsTelemetry.StatusTag));

            var attempts = stopped.Where(a => a.OperationName == SinchActorsTelemetry.AttemptActivity).ToList();
            Assert.Equal(2, attempts.Count);
            Assert.All(attempts, a => Assert.Equal(request.SpanId, a.ParentSpanId));
            Assert.Equal([500, 200], attempts.Select(a => a.GetTagItem(SinchActorsTelemetry.StatusTag)).Cast<int>().Order().Reverse());
            // Semantic conventions: no resend count on the first attempt, 1 on the resend; the failed one's error.type is its status.
            var (first, resend) = (Assert.Single(attempts, a => (int)a.GetTagItem(SinchActorsTelemetry.StatusTag)! == 500), Assert.Single(attempts, a => (int)a.GetTagItem(SinchActorsTelemetry.StatusTag)! == 200));
            Assert.Null(first.GetTagItem(SinchActorsTelemetry.ResendCountTag));
            Assert.Equal(1, resend.GetTagItem(SinchActorsTelemetry.ResendCountTag));
            Assert.Equal("500", first.GetTagItem(SinchActorsTelemetry.ErrorTypeTag));
            Assert.Null(resend.GetTagItem(SinchActorsTelemetry.ErrorTypeTag));
            Assert.All(attempts, a => Assert.Equal((fixture.Emulator.BaseUrl.Host, fixture.Emulator.BaseUrl.Port),
                ((string?)a.GetTagItem(SinchActorsTelemetry.ServerAddressTag), (int?)a.GetTagItem(SinchActorsTelemetry.ServerPortTag))));
            Assert.All(attempts, a => Assert.Equal("GET", a.GetTagItem(SinchActorsTelemetry.MethodTag)));

            var fetch = Assert.Single(stopped, a => a.OperationName == SinchActorsTelemetry.TokenFetchActivity);
            Assert.Equal(request.SpanId, fetch.ParentSpanId);

            // HttpClient's own span, whose W3C id it sends as traceparent, is a child of each attempt and of the fetch.
            var http = stopped.Where(a => a.Source.Name == "System.Net.Http").ToList();
            Assert.All(attempts, a => Assert.Contains(http, h => h.ParentSpanId == a.SpanId && h.TraceId == request.TraceId));
            Assert.Contains(http, h => h.ParentSpanId == fetch.SpanId);
            Assert.All(http, h => Assert.Equal(ActivityIdFormat.W3C, h.IdFormat));
        }
    }

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
        using var metrics = new MetricsRecorder();
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
        options.Requests.BackoffBase = TimeSpan.FromMilliseconds(1);
        options.Requests.BackoffMax = TimeSpan.FromMilliseconds(5);
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

    internal sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags, Meter Meter);

    /// <summary>Records every measurement of the SinchActors meter.</summary>
    internal sealed class MetricsRecorder : IDisposable
    {
        private readonly ConcurrentQueue<Measurement> _measurements = new();

        public MetricsRecorder()
        {
            Listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SinchActorsTelemetry.Name)
                    listener.EnableMeasurementEvents(instrument);
            };
            Listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            Listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
            Listener.Start();
        }

        public MeterListener Listener { get; } = new();

        public IReadOnlyList<Measurement> Of(string instrument, string? projectId = null) =>
            _measurements.Where(m => m.Instrument == instrument && (projectId is null || (string?)m.Tags.GetValueOrDefault(SinchActorsTelemetry.ProjectTag) == projectId)).ToList();

        public void Dispose() => Listener.Dispose();

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
                copy[tag.Key] = tag.Value;
            _measurements.Enqueue(new Measurement(instrument.Name, value, copy, instrument.Meter));
        }
    }
}
