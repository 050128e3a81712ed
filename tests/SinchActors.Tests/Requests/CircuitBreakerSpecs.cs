using Microsoft.Extensions.Time.Testing;
using SinchActors.Emulator.Faults;

namespace SinchActors.Tests.Requests;

public class CircuitBreakerSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_circuit_opens_after_failures_fails_fast_and_closes_after_a_successful_trial()
    {
        var failing = Fixture.NewProject("breaker");
        var healthy = Fixture.NewProject("breaker-other");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var client = StartRuntime(o =>
        {
            o.Requests.MaxRetries = 0;
            o.Requests.CircuitBreaker.MinimumThroughput = 4;
            o.Requests.CircuitBreaker.FailureRatio = 0.5;
            o.Requests.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        }, time, failing, healthy).Client;
        Inject(failing, new FaultRule { StatusCode = 500 });

        for (var i = 0; i < 4; i++)
            await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(Get(failing)).WaitAsync(Patience));
        var open = await Assert.ThrowsAsync<SinchCircuitOpenException>(() => client.SendAsync(Get(failing)).WaitAsync(Patience));

        Assert.Equal(4, ApiRequests(failing));
        Assert.Equal(failing.ProjectId, open.ProjectId);
        Assert.Equal(Emulator.BaseUrl.Authority, open.Host);
        await client.SendAsync(Get(healthy)).WaitAsync(Patience); // circuits are per project

        Emulator.Faults.Clear();
        time.Advance(TimeSpan.FromSeconds(31));
        await client.SendAsync(Get(failing)).WaitAsync(Patience);
        await client.SendAsync(Get(failing)).WaitAsync(Patience);
        Assert.Equal(6, ApiRequests(failing));
    }

    [Fact]
    public async Task A_project_holds_no_breaker_until_a_call_fails_and_then_one_for_that_host()
    {
        var project = Fixture.NewProject("breaker-lazy");
        var runtime = StartRuntime(o => o.Requests.MaxRetries = 0, project);
        Assert.True(runtime.Directory.TryGet(project.ProjectId, out var handle));

        for (var i = 0; i < 3; i++)
            await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience);
        Assert.Equal(0, handle.Breakers.Count);

        Inject(project, new FaultRule { StatusCode = 500 });
        await Assert.ThrowsAsync<SinchApiException>(() => runtime.Client.SendAsync(Get(project)).WaitAsync(Patience));
        Assert.Equal(1, handle.Breakers.Count);
        Assert.NotNull(handle.Breakers.Find(Emulator.BaseUrl.Authority));
    }

    [Fact]
    public async Task The_breaker_counts_from_the_first_failure_so_earlier_successes_do_not_dilute_the_ratio()
    {
        var project = Fixture.NewProject("breaker-count");
        var client = StartRuntime(o =>
        {
            o.Requests.MaxRetries = 0;
            o.Requests.CircuitBreaker.MinimumThroughput = 4;
            o.Requests.CircuitBreaker.FailureRatio = 0.5;
        }, new FakeTimeProvider(DateTimeOffset.UtcNow), project).Client;
        for (var i = 0; i < 10; i++)
            await client.SendAsync(Get(project)).WaitAsync(Patience);

        Inject(project, new FaultRule { StatusCode = 500 });
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(Get(project)).WaitAsync(Patience));
        await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(Get(project)).WaitAsync(Patience)); // the 4th sample opens it
        await Assert.ThrowsAsync<SinchCircuitOpenException>(() => client.SendAsync(Get(project)).WaitAsync(Patience));
        Assert.Equal(14, ApiRequests(project));
    }
}
