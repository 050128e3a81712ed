using SinchActors.Emulator.Faults;
using Xunit.Abstractions;

namespace SinchActors.Tests.Requests;

/// <summary>
/// Requests of a project whose token is already cached start their first attempt in the client, without the pool:
/// retries, cancellation and the in-flight accounting must behave as on the pool's path.
/// </summary>
public class WarmTokenSpecs(EmulatorFixture fixture, ITestOutputHelper output) : PipelineSpec(fixture, output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_warm_get_that_got_503_is_retried_by_the_pool_and_succeeds_once()
    {
        var project = Fixture.NewProject("warm503");
        var runtime = StartRuntime(null, project);
        await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience); // the token is cached from here on
        Inject(project, new FaultRule { StatusCode = 503, Count = 1 });

        var response = await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience);

        Assert.Equal(2, response.Attempts);
        Assert.Equal(3, ApiRequests(project));
        Assert.Equal(1, Emulator.Stats.Tokens(project.KeyId).Issued);
        Assert.Equal(0, runtime.InFlight);
    }

    // Fault caught: cancelling a warm call (sent by the client, not the pool) without aborting its HTTP request.
    [Fact]
    public async Task A_warm_request_cancelled_on_the_wire_ends_cancelled_aborts_its_http_request_and_frees_its_slot()
    {
        var project = Fixture.NewProject("warmcancel");
        var runtime = StartRuntime(null, project);
        await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience);
        // Held for half the attempt timeout: only the cancellation can end the request before the server answers it.
        Inject(project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = (int)(FastSettings.AttemptTimeout / 2).TotalMilliseconds });
        using var cancellation = new CancellationTokenSource();

        var call = runtime.Client.SendAsync(Get(project), cancellation.Token);
        await OnTheWireAsync(project);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
        Assert.True(call.IsCanceled);
        await AssertAbortedAtServerAsync(project);
        Assert.Equal(1, ApiRequests(project)); // only the warm-up was answered
        Assert.Equal(0, runtime.InFlight);
    }

    [Fact]
    public async Task Warm_requests_to_the_same_explicit_base_url_reach_their_own_paths()
    {
        var project = Fixture.NewProject("warmbase");
        var runtime = StartRuntime(null, project);
        var baseUrl = new Uri(Emulator.BaseUrl.ToString());
        var list = new SinchActors.Requests.SinchRequest(HttpMethod.Get, project.ProjectId, baseUrl, $"/v1/projects/{project.ProjectId}/accessKeys");
        var missing = new SinchActors.Requests.SinchRequest(HttpMethod.Get, project.ProjectId, new Uri(baseUrl.ToString()),
            $"/v1/projects/{project.ProjectId}/accessKeys/no-such-key");

        var first = await runtime.Client.SendAsync(list).WaitAsync(Patience);
        var again = await runtime.Client.SendAsync(list).WaitAsync(Patience);
        var error = await Assert.ThrowsAsync<SinchApiException>(() => runtime.Client.SendAsync(missing).WaitAsync(Patience));

        Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(404, error.StatusCode);
    }
}
