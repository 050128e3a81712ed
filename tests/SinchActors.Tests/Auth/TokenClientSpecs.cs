using System.Net;
using System.Net.Sockets;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;

namespace SinchActors.Tests.Auth;

/// <summary>The token client over real HTTP against the emulator: grants, typed errors and their classification.</summary>
public sealed class TokenClientSpecs : IAsyncLifetime
{
    private const string Secret = "client-secret-1";
    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler());
    private SinchEmulator _emulator = null!;
    private TokenClient _client = null!;

    private SinchCredentials Credentials => new("project-c", "key-c", Secret, _emulator.TokenUrl);

    public async Task InitializeAsync()
    {
        _emulator = await SinchEmulator.StartAsync();
        _emulator.SeedKey("project-c", "key-c", Secret);
        _client = new TokenClient(_http, TimeSpan.FromSeconds(5));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_grant_carries_the_token_and_its_lifetime()
    {
        var grant = await _client.FetchAsync(Credentials, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(grant.AccessToken));
        Assert.Equal(_emulator.Options.TokenLifetime, grant.Lifetime);
        Assert.DoesNotContain(grant.AccessToken, grant.ToString());
    }

    [Theory]
    [InlineData("""{"access_token":"abc","token_type":"Bearer","expires_in":3599}""")]
    [InlineData("""{"access_token":"abc","token_type":"BEARER","expires_in":"60","scope":"","extra":{"x":1}}""")]
    public async Task Token_type_is_case_insensitive_and_unknown_fields_are_ignored(string body)
    {
        Inject(200, body);

        var grant = await _client.FetchAsync(Credentials, CancellationToken.None);

        Assert.Equal("abc", grant.AccessToken);
    }

    [Theory]
    [InlineData("""{"access_token":"abc","token_type":"bearer","expires_in":0}""", 0.0)]
    [InlineData("""{"access_token":"abc","token_type":"bearer","expires_in":-5}""", -5.0)]
    [InlineData("""{"access_token":"abc","token_type":"bearer","expires_in":999999999}""", 999999999.0)]
    [InlineData("""{"access_token":"abc","token_type":"bearer","expires_in":"1.5"}""", 1.5)]
    [InlineData("""{"access_token":"abc","token_type":"bearer"}""", null)]
    public async Task Lifetimes_are_passed_on_as_announced_for_the_token_manager_to_judge(string body, double? seconds)
    {
        Inject(200, body);

        var grant = await _client.FetchAsync(Credentials, CancellationToken.None);

        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null, grant.Lifetime);
    }

    [Theory]
    [InlineData("""{"token_type":"bearer","expires_in":3600}""", TokenFailureKind.MissingAccessToken)]
    [InlineData("""{"access_token":"","token_type":"bearer","expires_in":3600}""", TokenFailureKind.MissingAccessToken)]
    [InlineData("""{"access_token":"abc","token_type":"mac","expires_in":3600}""", TokenFailureKind.UnsupportedTokenType)]
    [InlineData("""not json at all""", TokenFailureKind.NotJson)]
    [InlineData("""[1,2,3]""", TokenFailureKind.NotJson)]
    [InlineData("", TokenFailureKind.NotJson)]
    [InlineData("""<html><body>502 Bad Gateway</body></html>""", TokenFailureKind.NotJson, "text/html")]
    public async Task Malformed_success_answers_are_typed_transient_errors(string body, TokenFailureKind kind, string contentType = "application/json")
    {
        Inject(200, body, contentType);

        var error = await Assert.ThrowsAsync<SinchTokenEndpointException>(() => _client.FetchAsync(Credentials, CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.True(error.IsTransient);
        Assert.DoesNotContain("abc", error.Message);
    }

    [Theory]
    [InlineData(400, "invalid_grant")]
    [InlineData(401, "unauthorized_client")]
    [InlineData(400, "invalid_client")]
    public async Task Refusals_are_permanent_and_carry_the_RFC_6749_error(int status, string error)
    {
        Inject(status, $$"""{"error":"{{error}}","error_description":"nope"}""");

        var failure = await Assert.ThrowsAsync<SinchTokenEndpointException>(() => _client.FetchAsync(Credentials, CancellationToken.None));

        Assert.Equal((TokenFailureKind.Rejected, status, error, "nope"), (failure.Kind, failure.StatusCode, failure.Error, failure.ErrorDescription));
        Assert.True(failure.IsPermanent);
    }

    [Fact]
    public async Task A_wrong_secret_is_a_permanent_invalid_client_refusal_without_the_secret_in_the_message()
    {
        var wrong = new SinchCredentials("project-c", "key-c", "wrong-secret-c", _emulator.TokenUrl);

        var failure = await Assert.ThrowsAsync<SinchTokenEndpointException>(() => _client.FetchAsync(wrong, CancellationToken.None));

        Assert.Equal((TokenFailureKind.Rejected, "invalid_client"), (failure.Kind, failure.Error));
        Assert.DoesNotContain("wrong-secret-c", failure.ToString());
    }

    [Theory]
    [InlineData(503, FaultBody.Html, TokenFailureKind.ServerError)]
    [InlineData(500, FaultBody.Empty, TokenFailureKind.ServerError)]
    [InlineData(429, FaultBody.Json, TokenFailureKind.Throttled)]
    [InlineData(400, FaultBody.Html, TokenFailureKind.UnexpectedStatus)]
    public async Task Throttling_server_errors_and_bare_statuses_are_transient(int status, FaultBody body, TokenFailureKind kind)
    {
        _emulator.Faults.Add(new FaultRule { Target = FaultTarget.Token, StatusCode = status, Body = body, Count = 1 });

        var failure = await Assert.ThrowsAsync<SinchTokenEndpointException>(() => _client.FetchAsync(Credentials, CancellationToken.None));

        Assert.Equal((kind, status, (TimeSpan?)null), (failure.Kind, failure.StatusCode, failure.RetryAfter));
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task An_answer_larger_than_any_token_answer_is_reported_as_too_large_not_as_bad_json()
    {
        Inject(200, "{\"access_token\":\"" + new string('a', 100_000) + "\"}");

        var failure = await Assert.ThrowsAsync<SinchTokenEndpointException>(() => _client.FetchAsync(Credentials, CancellationToken.None));

        Assert.Equal((TokenFailureKind.TooLarge, 200), (failure.Kind, failure.StatusCode));
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task Retry_After_is_kept()
    {
        _emulator.Faults.Add(new FaultRule { Target = FaultTarget.Token, StatusCode = 429, RetryAfterSeconds = 7, Count = 1 });

        var failure = await Assert.ThrowsAsync<SinchTokenEndpointException>(() => _client.FetchAsync(Credentials, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
    }

    [Fact]
    public async Task A_slow_endpoint_times_out_as_a_transient_error()
    {
        _emulator.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.Token, LatencyMs = 3000, Count = 1 });
        var impatient = new TokenClient(_http, TimeSpan.FromMilliseconds(150));

        var failure = await Assert.ThrowsAsync<SinchTokenEndpointException>(() => impatient.FetchAsync(Credentials, CancellationToken.None));

        Assert.Equal(TokenFailureKind.Timeout, failure.Kind);
    }

    [Fact]
    public async Task A_closed_port_is_a_transient_connection_failure()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var nowhere = new SinchCredentials("project-c", "key-c", Secret, new Uri($"http://127.0.0.1:{port}/oauth2/token"));

        var failure = await Assert.ThrowsAsync<SinchTokenEndpointException>(() => _client.FetchAsync(nowhere, CancellationToken.None));

        Assert.Equal(TokenFailureKind.ConnectionFailed, failure.Kind);
    }

    private void Inject(int status, string body, string contentType = "application/json") =>
        _emulator.Faults.Add(new FaultRule
        {
            Target = FaultTarget.Token, StatusCode = status, Body = FaultBody.Raw, RawBody = body, ContentType = contentType, Count = 1,
        });
}
