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
}
