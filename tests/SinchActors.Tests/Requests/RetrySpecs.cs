using System.Diagnostics;
using SinchActors.Api.AccessKeys;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Requests;
using Xunit.Abstractions;

namespace SinchActors.Tests.Requests;

public class RetrySpecs(EmulatorFixture fixture, ITestOutputHelper output) : PipelineSpec(fixture, output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static SinchRequest Create(SinchCredentials project, string displayName) =>
        new SinchRequest(HttpMethod.Post, project.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{project.ProjectId}/accessKeys")
            .WithJsonBody(new AccessKeyDisplayName(displayName), AccessKeysJsonContext.Default.AccessKeyDisplayName);

    [Fact]
    public async Task A_get_that_got_503_twice_is_retried_until_it_succeeds()
    {
        var project = Fixture.NewProject("get503");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { StatusCode = 503, Count = 2 });

        var response = await client.SendAsync(Get(project)).WaitAsync(Patience);

        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, ApiRequests(project));
    }

    [Fact]
    public async Task A_get_stops_after_max_retries_with_the_last_error()
    {
        var project = Fixture.NewProject("get500");
        var client = StartRuntime(o => o.Requests.MaxRetries = 2, project).Client;
        Inject(project, new FaultRule { StatusCode = 500 });

        var error = await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(Get(project)).WaitAsync(Patience));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(3, ApiRequests(project));
    }

    [Fact]
    public async Task A_get_whose_connection_was_cut_mid_body_is_retried()
    {
        var project = Fixture.NewProject("abort");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { Kind = FaultKind.Abort, Count = 1 });

        var response = await client.SendAsync(Get(project)).WaitAsync(Patience);

        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task A_get_that_timed_out_is_retried()
    {
        var project = Fixture.NewProject("slow");
        // Only the first attempt is slow, and far slower than the timeout; the second has seconds to spare even on a busy machine.
        var client = StartRuntime(o => o.Requests.AttemptTimeout = TimeSpan.FromSeconds(2), project).Client;
        Inject(project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 30_000, Count = 1 });

        var response = await client.SendAsync(Get(project)).WaitAsync(Patience);

        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task A_post_that_got_500_after_it_was_processed_is_not_repeated()
    {
        var project = Fixture.NewProject("post500");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { StatusCode = 500, Method = "POST", Timing = FaultTiming.AfterProcessing, Count = 1 });

        var error = await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(Create(project, "post500-once")).WaitAsync(Patience));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(1, Emulator.Stats.Posts("post500-once"));
        Assert.Equal(1, ApiRequests(project));
    }

    [Fact]
    public async Task A_post_whose_connection_was_cut_after_processing_is_not_repeated()
    {
        var project = Fixture.NewProject("postabort");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { Kind = FaultKind.Abort, Method = "POST", Timing = FaultTiming.AfterProcessing, Count = 1 });

        var error = await Assert.ThrowsAsync<SinchTransportException>(() => client.SendAsync(Create(project, "postabort-once")).WaitAsync(Patience));

        Assert.True(error.MayHaveBeenProcessed);
        Assert.Equal(1, Emulator.Stats.Posts("postabort-once"));
    }

    [Fact]
    public async Task A_post_marked_idempotent_is_retried_like_a_get()
    {
        var project = Fixture.NewProject("postidem");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { StatusCode = 500, Method = "POST", Count = 1 });

        var response = await client.SendAsync(Create(project, "postidem") with { Idempotent = true }).WaitAsync(Patience);

        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task A_post_that_got_429_is_retried_and_succeeds_once()
    {
        var project = Fixture.NewProject("post429");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { StatusCode = 429, Method = "POST", Count = 1 });

        var created = (await client.SendAsync(Create(project, "post429-once")).WaitAsync(Patience))
            .Deserialize(AccessKeysJsonContext.Default.CreatedAccessKey);

        Assert.Equal("post429-once", created.AccessKey.DisplayName);
        Assert.Equal(1, Emulator.Stats.Posts("post429-once"));
        Assert.Equal(2, ApiRequests(project));
    }

    [Fact]
    public async Task A_post_that_got_503_is_retried_only_when_the_server_sent_retry_after()
    {
        var project = Fixture.NewProject("post503");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { StatusCode = 503, Method = "POST", Count = 1 });
        await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(Create(project, "post503-plain")).WaitAsync(Patience));
        Assert.Equal(1, ApiRequests(project));

        Inject(project, new FaultRule { StatusCode = 503, Method = "POST", RetryAfterSeconds = 0, Count = 1 });
        var response = await client.SendAsync(Create(project, "post503-retry-after")).WaitAsync(Patience);
        Assert.Equal(2, response.Attempts);
        Assert.Equal(1, Emulator.Stats.Posts("post503-retry-after"));
    }

    [Fact]
    public async Task A_post_with_a_body_retried_after_a_401_succeeds_with_the_same_body_and_a_fresh_token()
    {
        var project = Fixture.NewProject("post401");
        var client = StartRuntime(null, project).Client;
        await client.SendAsync(Get(project)).WaitAsync(Patience); // a token is in use before it gets rejected
        Inject(project, new FaultRule { Kind = FaultKind.Unauthorized, Method = "POST", Count = 1 });

        var response = await client.SendAsync(Create(project, "post401-body")).WaitAsync(Patience);

        var created = response.Deserialize(AccessKeysJsonContext.Default.CreatedAccessKey);
        Assert.Equal("post401-body", created.AccessKey.DisplayName);
        Assert.Equal(2, response.Attempts);
        Assert.Equal(2, Emulator.Stats.Tokens(project.KeyId).Issued);
    }

    [Fact]
    public async Task A_second_401_on_a_fresh_token_is_final()
    {
        var project = Fixture.NewProject("twice401");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { Kind = FaultKind.Unauthorized });

        var error = await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(Get(project)).WaitAsync(Patience));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal(2, ApiRequests(project));
    }

    [Fact]
    public async Task A_403_is_not_retried()
    {
        var project = Fixture.NewProject("forbidden");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { StatusCode = 403 });

        var error = await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(Get(project)).WaitAsync(Patience));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal(1, ApiRequests(project));
    }

    [Fact]
    public async Task Retry_after_is_waited_for()
    {
        var project = Fixture.NewProject("retryafter");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { StatusCode = 429, RetryAfterSeconds = 1, Count = 1 });

        var clock = Stopwatch.StartNew();
        var response = await client.SendAsync(Get(project)).WaitAsync(Patience);

        Assert.Equal(2, response.Attempts);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_retry_after_beyond_the_deadline_fails_at_once_with_the_deadline_error()
    {
        var project = Fixture.NewProject("retryafterlong");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { StatusCode = 429, RetryAfterSeconds = 600 });

        // Patience (15 s) is far below the 5-minute deadline: an answer at all means it failed without waiting.
        var error = await Assert.ThrowsAsync<SinchDeadlineExceededException>(
            () => client.SendAsync(Get(project) with { Deadline = TimeSpan.FromMinutes(5) }).WaitAsync(Patience));

        Assert.Equal(429, Assert.IsType<SinchApiException>(error.InnerException).StatusCode);
        Assert.Equal(1, ApiRequests(project));
    }

    [Fact]
    public async Task A_post_to_a_refused_connection_is_retried_because_nothing_was_sent()
    {
        var project = Fixture.NewProject("refused");
        using var refusing = RefusingLocalPort();
        var client = StartRuntime(o =>
        {
            o.Requests.MaxRetries = 1_000;
            o.Requests.BackoffMax = TimeSpan.FromMilliseconds(100);
            o.Requests.CircuitBreaker.MinimumThroughput = 1_000_000;
        }, project).Client;
        await client.SendAsync(Get(project)).WaitAsync(Patience); // the token is at hand, so the deadline is all retries
        var request = new SinchRequest(HttpMethod.Post, project.ProjectId, Endpoint(refusing), "/v1/anything")
        {
            Body = "{}"u8.ToArray(),
            Deadline = TimeSpan.FromSeconds(3),
        };

        var error = await Assert.ThrowsAsync<SinchDeadlineExceededException>(() => client.SendAsync(request).WaitAsync(Patience));

        Assert.True(error.Attempts >= 3, $"{error.Attempts} attempt(s): {error.InnerException}");
        Assert.False(Assert.IsType<SinchTransportException>(error.InnerException).MayHaveBeenProcessed);
    }

    /// <summary>
    /// A loopback port that refuses connections: bound (so no other test can take it) but not listening.
    /// </summary>
    private static System.Net.Sockets.Socket RefusingLocalPort()
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return socket;
    }

    private static Uri Endpoint(System.Net.Sockets.Socket socket) =>
        new($"http://127.0.0.1:{((System.Net.IPEndPoint)socket.LocalEndPoint!).Port}/");
}
