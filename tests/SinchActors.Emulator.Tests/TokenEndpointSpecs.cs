using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Tests;

public sealed class TokenEndpointSpecs : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fixture;
    private readonly HttpClient _client;
    private readonly string _project = Sinch.NewId("proj");
    private readonly string _keyId = Sinch.NewId("key");

    public TokenEndpointSpecs(EmulatorFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _client = fixture.Client;
        fixture.Emulator.SeedKey(_project, _keyId, "s3cret");
    }

    [Fact]
    public async Task Issues_a_bearer_token_for_a_seeded_key()
    {
        using var response = await _client.SendAsync(Sinch.TokenRequest(_keyId, "s3cret"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.False(string.IsNullOrEmpty(json.GetProperty("access_token").GetString()));
        Assert.Equal("bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(3600, json.GetProperty("expires_in").GetInt32());
        Assert.Equal("", json.GetProperty("scope").GetString());
        Assert.Equal(new TokenCounts(1, 0, 0), _fixture.Emulator.Stats.Tokens(_keyId));
    }

    [Fact]
    public void Token_url_is_the_base_url_plus_oauth2_token()
    {
        Assert.Equal(new Uri(_fixture.Emulator.BaseUrl, "oauth2/token"), _fixture.Emulator.TokenUrl);
        Assert.Equal("127.0.0.1", _fixture.Emulator.BaseUrl.Host);
        Assert.NotEqual(0, _fixture.Emulator.BaseUrl.Port);
    }

    [Fact]
    public async Task Wrong_secret_is_invalid_client_with_a_basic_challenge()
    {
        using var response = await _client.SendAsync(Sinch.TokenRequest(_keyId, "wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("invalid_client", (await response.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal(new TokenCounts(0, 1, 0), _fixture.Emulator.Stats.Tokens(_keyId));
        Assert.Equal(1, _fixture.Emulator.Stats.Unauthorized(UnauthorizedReason.InvalidCredentials));
    }

    [Fact]
    public async Task Missing_credentials_are_invalid_client()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Another_grant_type_is_unsupported_grant_type()
    {
        using var response = await _client.SendAsync(Sinch.TokenRequest(_keyId, "s3cret", grantType: "password"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_json_body_is_invalid_request()
    {
        using var request = Sinch.TokenRequest(_keyId, "s3cret");
        request.Content = new StringContent("{\"grant_type\":\"client_credentials\"}", Encoding.UTF8, "application/json");
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_bucket_allows_30_then_429_without_retry_after_and_refills_10_per_second()
    {
        for (var i = 0; i < 30; i++) await _client.GetTokenAsync(_keyId, "s3cret");

        using (var limited = await _client.SendAsync(Sinch.TokenRequest(_keyId, "s3cret")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Null(limited.Headers.RetryAfter);
        }

        _fixture.Time.Advance(TimeSpan.FromMilliseconds(100));
        await _client.GetTokenAsync(_keyId, "s3cret");
        using (var again = await _client.SendAsync(Sinch.TokenRequest(_keyId, "s3cret")))
            Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);

        Assert.Equal(new TokenCounts(31, 0, 2), _fixture.Emulator.Stats.Tokens(_keyId));
    }

    [Fact]
    public async Task Several_tokens_of_one_key_are_valid_at_once()
    {
        var tokens = new[]
        {
            await _client.GetTokenAsync(_keyId, "s3cret"),
            await _client.GetTokenAsync(_keyId, "s3cret"),
            await _client.GetTokenAsync(_keyId, "s3cret"),
        };

        Assert.Equal(3, tokens.Distinct().Count());
        foreach (var token in tokens)
        {
            using var response = await _client.SendAsync(Sinch.Bearer(HttpMethod.Get, $"v1/projects/{_project}/accessKeys", token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Token_expires_after_its_lifetime_with_a_jwt_expired_challenge()
    {
        var issuedAt = _fixture.Time.GetUtcNow();
        var token = await _client.GetTokenAsync(_keyId, "s3cret");
        var path = $"v1/projects/{_project}/accessKeys";

        _fixture.Time.Advance(TimeSpan.FromSeconds(3599));
        using (var stillValid = await _client.SendAsync(Sinch.Bearer(HttpMethod.Get, path, token)))
            Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);

        _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        using var expired = await _client.SendAsync(Sinch.Bearer(HttpMethod.Get, path, token));

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        var expiry = issuedAt.AddSeconds(3600).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"Jwt expired at {expiry}\"",
            expired.Headers.GetValues("WWW-Authenticate").Single());
        Assert.Equal(1, _fixture.Emulator.Stats.Unauthorized(UnauthorizedReason.ExpiredToken));
    }

    [Fact]
    public async Task Lifetime_and_bucket_are_configurable()
    {
        var time = new FakeTimeProvider(EmulatorFixture.Start);
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
        {
            TimeProvider = time,
            TokenLifetime = TimeSpan.FromSeconds(60),
            TokenBucketCapacity = 2,
            TokenBucketRefillPerSecond = 1,
        });
        emulator.SeedKey("p", "k", "s");
        using var client = new HttpClient { BaseAddress = emulator.BaseUrl };

        using var first = await client.SendAsync(Sinch.TokenRequest("k", "s"));
        Assert.Equal(60, (await first.JsonAsync()).GetProperty("expires_in").GetInt32());
        await client.GetTokenAsync("k", "s");
        using var third = await client.SendAsync(Sinch.TokenRequest("k", "s"));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);

        time.Advance(TimeSpan.FromSeconds(1));
        await client.GetTokenAsync("k", "s");
    }
}
