using SinchActors.Emulator.Faults;
using SinchActors.Requests;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Tests.Requests;

/// <summary>Deadline, cancellation, overload, response size, unknown projects and shutdown.</summary>
public class LimitsSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_request_slower_than_its_deadline_fails_with_the_deadline_error()
    {
        var project = Fixture.NewProject("deadline");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 5_000 });

        var error = await Assert.ThrowsAsync<SinchDeadlineExceededException>(
            () => client.SendAsync(Get(project) with { Deadline = TimeSpan.FromMilliseconds(400) }).WaitAsync(Patience));

        Assert.Equal(TimeSpan.FromMilliseconds(400), error.Deadline);
        Assert.Equal(project.ProjectId, error.ProjectId);
        await AssertAbortedAtServerAsync(project); // the attempt's HTTP request ended with the deadline, not when the server answered
    }

    // Fault caught: a cancelled call whose HTTP request goes on at the server.
    [Fact]
    public async Task A_request_cancelled_on_the_wire_ends_cancelled_aborts_its_http_request_and_frees_its_slot()
    {
        var project = Fixture.NewProject("cancel");
        var runtime = StartRuntime(null, project);
        // Held for half the attempt timeout: only the cancellation can end the request before the server answers it.
        Inject(project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = (int)(FastSettings.AttemptTimeout / 2).TotalMilliseconds });
        using var cancellation = new CancellationTokenSource();

        var call = runtime.Client.SendAsync(Get(project), cancellation.Token);
        await OnTheWireAsync(project);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
        Assert.True(call.IsCanceled);
        await AssertAbortedAtServerAsync(project);
        Assert.Equal(0, ApiRequests(project));
        Assert.Equal(0, runtime.InFlight);
    }

    [Fact]
    public async Task A_request_cancelled_before_it_starts_is_never_sent()
    {
        var project = Fixture.NewProject("precancel");
        var client = StartRuntime(null, project).Client;

        var call = client.SendAsync(Get(project), new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(0, ApiRequests(project));
    }

    [Fact]
    public async Task Beyond_the_per_project_limit_requests_fail_fast_while_other_projects_go_on()
    {
        var busy = Fixture.NewProject("busy");
        var calm = Fixture.NewProject("calm");
        var runtime = StartRuntime(o => o.Requests.MaxInFlightPerProject = 2, busy, calm);
        Inject(busy, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 2_000 });
        using var cancellation = new CancellationTokenSource();

        var pending = new[] { runtime.Client.SendAsync(Get(busy), cancellation.Token), runtime.Client.SendAsync(Get(busy), cancellation.Token) };
        var rejected = await Assert.ThrowsAsync<SinchOverloadedException>(() => runtime.Client.SendAsync(Get(busy)));
        await runtime.Client.SendAsync(Get(calm)).WaitAsync(Patience);

        Assert.Equal(("project", 2), (rejected.Scope, rejected.Limit));
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(pending).WaitAsync(Patience));
    }

    [Fact]
    public async Task Beyond_the_global_limit_requests_fail_fast()
    {
        var project = Fixture.NewProject("global");
        var runtime = StartRuntime(o => o.Requests.MaxInFlight = 1, project);
        Inject(project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 2_000 });
        using var cancellation = new CancellationTokenSource();

        var pending = runtime.Client.SendAsync(Get(project), cancellation.Token);
        var rejected = await Assert.ThrowsAsync<SinchOverloadedException>(() => runtime.Client.SendAsync(Get(project)));

        Assert.Equal(("global", 1), (rejected.Scope, rejected.Limit));
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_response_larger_than_the_cap_fails_with_a_typed_error()
    {
        var project = Fixture.NewProject("large");
        Emulator.SeedKeys(project.ProjectId, 50);
        var client = StartRuntime(o => o.Requests.MaxResponseBytes = 1_000, project).Client;

        var error = await Assert.ThrowsAsync<SinchResponseTooLargeException>(() => client.SendAsync(Get(project)).WaitAsync(Patience));

        Assert.Equal(1_000, error.LimitBytes);
        Assert.Equal(1, ApiRequests(project));
    }

    [Fact]
    public async Task An_unknown_project_fails_at_once()
    {
        var client = StartRuntime(null, Fixture.NewProject()).Client;

        var error = await Assert.ThrowsAsync<SinchUnknownProjectException>(
            () => client.SendAsync(new SinchRequest(HttpMethod.Get, "nobody", SinchApiFamily.AccessKeys, "/v1/projects/nobody/accessKeys")));

        Assert.Equal("nobody", error.ProjectId);
    }

    [Fact]
    public async Task Disposing_the_runtime_fails_requests_in_flight_and_refuses_new_ones()
    {
        var project = Fixture.NewProject("shutdown");
        var runtime = StartRuntime(null, project);
        Inject(project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 5_000 });

        var inFlight = runtime.Client.SendAsync(Get(project));
        await runtime.DisposeAsync();

        await Assert.ThrowsAsync<SinchShutdownException>(() => inFlight.WaitAsync(Patience));
        await Assert.ThrowsAsync<SinchShutdownException>(() => runtime.Client.SendAsync(Get(project)));
    }

    // Fault caught: the attempt timeout counting the wait for the connection, which times out queued POSTs that are
    // then failed (a POST that may have been sent is never repeated) or sent twice.
    [Fact]
    public async Task Posts_queued_for_the_one_connection_are_not_timed_out_by_their_wait_and_each_is_sent_once()
    {
        var project = Fixture.NewProject("gate");
        var attemptTimeout = TimeSpan.FromSeconds(2);
        var runtime = StartRuntime(o => { o.Requests.Http.MaxConnectionsPerServer = 1; o.Requests.AttemptTimeout = attemptTimeout; }, project);
        await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience); // token and connection warm
        // Each POST is held for half the attempt timeout, which leaves the other half as slack for its own exchange;
        // the third waits two holds (the whole timeout) for the connection, so its wait and exchange exceed the timeout.
        var hold = attemptTimeout / 2;
        Inject(project, new FaultRule { Kind = FaultKind.Latency, Method = "POST", LatencyMs = (int)hold.TotalMilliseconds, Count = 3 });

        var created = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => runtime.Client.AccessKeys.CreateAsync(project.ProjectId, $"k{i}")))
            .WaitAsync(Patience);

        Assert.Equal(3, created.Select(c => c.AccessKey.AccessKeyId).Distinct().Count());
        Assert.Equal(4, ApiRequests(project)); // the warm-up GET and each POST once
        Assert.Equal(0, runtime.InFlight);
    }
}
