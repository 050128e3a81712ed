using System.Net;
using System.Text;
using SinchActors.Emulator.Faults;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Tests;

public sealed class FaultSpecs(EmulatorFixture fixture) : EmulatorSpec(fixture), IAsyncLifetime
{
    // Fetch the token before any fault is armed, so token faults only hit the requests a test makes.
    public Task InitializeAsync() => TokenAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<HttpResponseMessage> ListKeysAsync() => SendAsync(HttpMethod.Get, KeysPath);

    private Task<HttpResponseMessage> CreateKeyAsync(string displayName) => SendAsync(HttpMethod.Post, KeysPath, new { displayName });

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Error_fault_answers_the_status_in_the_routes_json_shape(int status)
    {
        Emulator.Faults.Add(new FaultRule { Target = FaultTarget.Api, StatusCode = status });

        using var response = await ListKeysAsync();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(status, (await response.JsonAsync()).GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(1, Emulator.Stats.ApiRequests(Project, status));
        Assert.Equal(1, Emulator.Stats.FaultsInjected);
    }

    [Fact]
    public async Task Error_fault_bodies_can_be_empty_or_html()
    {
        Emulator.Faults.Add(new FaultRule { StatusCode = 502, Body = FaultBody.Empty, Count = 1 });
        Emulator.Faults.Add(new FaultRule { StatusCode = 503, Body = FaultBody.Html, Count = 1 });

        using var empty = await ListKeysAsync();
        using var html = await ListKeysAsync();

        Assert.Equal(HttpStatusCode.BadGateway, empty.StatusCode);
        Assert.Equal("", await empty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html>", await html.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(404, "{\"error\":{\"code\":404,\"message\":\"gone\",\"status\":\"NOT_FOUND\",\"details\":[]}}")]
    [InlineData(400, "{\"code\":\"syntax_invalid_parameter_format\",\"text\":\"bad\"}")]
    [InlineData(404, "{\"errorCode\":40400,\"message\":\"gone\",\"reference\":\"r1\",\"status\":\"404 Not Found\"}")]
    [InlineData(429, "{\"type\":\"https://errors/too-many\",\"title\":\"Too Many Requests\",\"detail\":\"slow down\"}")]
    public async Task Raw_fault_returns_any_error_body_verbatim(int status, string body)
    {
        Emulator.Faults.Add(new FaultRule { StatusCode = status, Body = FaultBody.Raw, RawBody = body, Target = FaultTarget.Sms });

        using var response = await SendAsync(HttpMethod.Get, $"xms/v1/{Project}/batches/X");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Throttle_fault_answers_429_with_retry_after()
    {
        Emulator.Faults.Add(new FaultRule { StatusCode = 429, RetryAfterSeconds = 7 });

        using var response = await ListKeysAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Abort_fault_breaks_the_connection_mid_response()
    {
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Abort, Count = 1 });

        await Assert.ThrowsAnyAsync<HttpRequestException>(ListKeysAsync);

        using var next = await ListKeysAsync();
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, Emulator.Stats.ApiRequests(Project, 0));
    }

    [Fact]
    public async Task Spurious_401_rejects_a_valid_token()
    {
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, Count = 1 });

        using var rejected = await ListKeysAsync();
        using var accepted = await ListKeysAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("Bearer", rejected.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(1, Emulator.Stats.Unauthorized(UnauthorizedReason.Spurious));
    }

    [Fact]
    public async Task The_next_3_token_requests_fail_then_tokens_flow_again()
    {
        Emulator.Faults.Add(new FaultRule { Target = FaultTarget.Token, StatusCode = 503, Count = 3 });

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await Client.SendAsync(Sinch.TokenRequest(KeyId, Secret));
            statuses.Add((int)response.StatusCode);
        }
        using var api = await ListKeysAsync();

        Assert.Equal([503, 503, 503, 200], statuses);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(0, Emulator.Faults.Current.Rules.Single().Count);
        Assert.Equal(new TokenCounts(2, 3, 0), Emulator.Stats.Tokens(KeyId));
    }

    [Fact]
    public async Task Token_outage_window_follows_theEmulator_clock()
    {
        var now = Fixture.Time.GetUtcNow();
        Emulator.Faults.Add(new FaultRule
        {
            Target = FaultTarget.Token, StatusCode = 503, ActiveFrom = now.AddSeconds(10), ActiveUntil = now.AddSeconds(40),
        });

        await Client.GetTokenAsync(KeyId, Secret);
        Fixture.Time.Advance(TimeSpan.FromSeconds(10));
        using (var during = await Client.SendAsync(Sinch.TokenRequest(KeyId, Secret)))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        using (var apiDuring = await ListKeysAsync())
            Assert.Equal(HttpStatusCode.OK, apiDuring.StatusCode);
        Fixture.Time.Advance(TimeSpan.FromSeconds(30));
        await Client.GetTokenAsync(KeyId, Secret);
    }

    [Fact]
    public async Task Faults_can_be_scoped_to_aProject_and_a_method()
    {
        var other = Sinch.NewId("other");
        var otherKey = Emulator.SeedKey(other, Sinch.NewId("k"), "s");
        var otherToken = await Client.GetTokenAsync(otherKey.KeyId, "s");
        Emulator.Faults.Add(new FaultRule { ProjectId = Project, Method = "POST", StatusCode = 500 });

        using var getHere = await ListKeysAsync();
        using var postElsewhere = await Client.SendAsync(Sinch.Bearer(HttpMethod.Post, $"v1/projects/{other}/accessKeys", otherToken, new { displayName = "x" }));
        using var postHere = await CreateKeyAsync("y");

        Assert.Equal(HttpStatusCode.OK, getHere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, postElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, postHere.StatusCode);
    }

    [Theory]
    [InlineData(FaultTiming.BeforeProcessing, 503, 0)]
    [InlineData(FaultTiming.AfterProcessing, 500, 1)]
    public async Task A_fault_before_processing_leaves_no_trace_but_one_after_processing_does(FaultTiming timing, int status, int created)
    {
        Emulator.Faults.Add(new FaultRule { Method = "POST", StatusCode = status, Timing = timing });

        using var response = await CreateKeyAsync("timed");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(1 + created, Emulator.KeyCount(Project));
        Assert.Equal(created, Emulator.Stats.Posts("timed"));
    }

    [Fact]
    public async Task Latency_holds_token_requests_until_the_clock_moves_and_peak_concurrency_is_counted()
    {
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.Token, LatencyMs = 1000 });

        var requests = Enumerable.Range(0, 5).Select(_ => Client.SendAsync(Sinch.TokenRequest(KeyId, Secret))).ToArray();
        await Sinch.UntilAsync(() => Emulator.Stats.CurrentConcurrentTokenRequests == 5, "5 token requests in flight");

        Assert.DoesNotContain(requests, r => r.IsCompleted);
        await Sinch.CompletesAsync(Task.WhenAll(requests), () => Fixture.Time.Advance(TimeSpan.FromSeconds(1)), "delayed token requests complete");

        foreach (var request in requests) Assert.Equal(HttpStatusCode.OK, (await request).StatusCode);
        Assert.Equal(5, Emulator.Stats.PeakConcurrentTokenRequests);
        Assert.Equal(0, Emulator.Stats.CurrentConcurrentTokenRequests);
    }

    [Fact]
    public async Task A_request_held_by_latency_counts_as_in_progress_and_one_its_client_aborts_counts_as_aborted_not_answered()
    {
        var token = await TokenAsync();
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.Api, LatencyMs = 1000 });
        using var cancellation = new CancellationTokenSource();

        var held = Client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPath, token), cancellation.Token);
        await Sinch.UntilAsync(() => Emulator.Stats.ApiRequestsInProgress(Project) == 1, "the request held at the server");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        await Sinch.UntilAsync(() => Emulator.Stats.ApiRequestsInProgress(Project) == 0, "the aborted request let go");
        Assert.Equal(1, Emulator.Stats.ApiRequestsAborted(Project));
        Assert.Equal(0, Emulator.Stats.ApiRequests(Project));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_fault_sequence()
    {
        var first = await FaultSequenceAsync(seed: 42);
        var second = await FaultSequenceAsync(seed: 42);
        var other = await FaultSequenceAsync(seed: 7);

        Assert.Equal(first, second);
        Assert.Contains(200, first);
        Assert.Contains(503, first);
        Assert.NotEqual(first, other);
    }

    private static async Task<List<int>> FaultSequenceAsync(int seed)
    {
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
        {
            TokenBucketCapacity = 100,
            Faults = new FaultSettings { Seed = seed, Rules = [new FaultRule { Target = FaultTarget.Token, Probability = 0.5 }] },
        });
        emulator.SeedKey("p", "k", "s");
        using var client = new HttpClient { BaseAddress = emulator.BaseUrl };
        var statuses = new List<int>();
        for (var i = 0; i < 24; i++)
        {
            using var response = await client.SendAsync(Sinch.TokenRequest("k", "s"));
            statuses.Add((int)response.StatusCode);
        }
        return statuses;
    }
}
