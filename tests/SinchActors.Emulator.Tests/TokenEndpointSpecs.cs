using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Tests;

public sealed class TokenEndpointSpecs(EmulatorFixture fixture) : EmulatorSpec(fixture)
{
    [Fact]
    public async Task Issues_a_bearer_token_for_a_seeded_key()
    {
        using var response = await Client.SendAsync(Sinch.TokenRequest(KeyId, Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.JsonAsync();
        Assert.False(string.IsNullOrEmpty(json.GetProperty("access_token").GetString()));
        Assert.Equal("bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(3600, json.GetProperty("expires_in").GetInt32());
        Assert.Equal("", json.GetProperty("scope").GetString());
        Assert.Equal(new TokenCounts(1, 0, 0), Emulator.Stats.Tokens(KeyId));
    }

    [Fact]
    public void Token_url_is_the_base_url_plus_oauth2_token()
    {
        Assert.Equal(new Uri(Emulator.BaseUrl, "oauth2/token"), Emulator.TokenUrl);
        Assert.Equal("127.0.0.1", Emulator.BaseUrl.Host);
        Assert.NotEqual(0, Emulator.BaseUrl.Port);
    }

    [Fact]
    public async Task Wrong_secret_is_invalid_client_with_a_basic_challenge()
    {
        using var response = await Client.SendAsync(Sinch.TokenRequest(KeyId, "wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("invalid_client", (await response.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal(new TokenCounts(0, 1, 0), Emulator.Stats.Tokens(KeyId));
        Assert.Equal(1, Emulator.Stats.Unauthorized(UnauthorizedReason.InvalidCredentials));
    }

    [Fact]
    public async Task Missing_credentials_are_invalid_client()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/token")
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Another_grant_type_is_unsupported_grant_type()
    {
        using var response = await Client.SendAsync(Sinch.TokenRequest(KeyId, Secret, grantType: "password"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_json_body_is_invalid_request()
    {
        using var request = Sinch.TokenRequest(KeyId, Secret);
        request.Content = new StringContent("{\"grant_type\":\"client_credentials\"}", Encoding.UTF8, "application/json");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_bucket_allows_30_then_429_without_retry_after_and_refills_10_per_second()
    {
        for (var i = 0; i < 30; i++) await Client.GetTokenAsync(KeyId, Secret);

        using (var limited = await Client.SendAsync(Sinch.TokenRequest(KeyId, Secret)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Null(limited.Headers.RetryAfter);
        }

        Fixture.Time.Advance(TimeSpan.FromMilliseconds(100));
        await Client.GetTokenAsync(KeyId, Secret);
        using (var again = await Client.SendAsync(Sinch.TokenRequest(KeyId, Secret)))
            Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);

        Assert.Equal(new TokenCounts(31, 0, 2), Emulator.Stats.Tokens(KeyId));
    }

    [Fact]
    public async Task Several_tokens_of_one_key_are_valid_at_once()
    {
        var tokens = new[]
        {
            await Client.GetTokenAsync(KeyId, Secret),
            await Client.GetTokenAsync(KeyId, Secret),
            await Client.GetTokenAsync(KeyId, Secret),
        };

        Assert.Equal(3, tokens.Distinct().Count());
        foreach (var token in tokens)
        {
            using var response = await Client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPath, token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Token_expires_after_its_lifetime_with_a_jwt_expired_challenge()
    {
        var issuedAt = Fixture.Time.GetUtcNow();
        var token = await Client.GetTokenAsync(KeyId, Secret);
        var path = KeysPath;

        Fixture.Time.Advance(TimeSpan.FromSeconds(3599));
        using (var stillValid = await Client.SendAsync(Sinch.Bearer(HttpMethod.Get, path, token)))
            Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);

        Fixture.Time.Advance(TimeSpan.FromSeconds(1));
        using var expired = await Client.SendAsync(Sinch.Bearer(HttpMethod.Get, path, token));

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        var expiry = issuedAt.AddSeconds(3600).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"Jwt expired at {expiry}\"",
            expired.Headers.GetValues("WWW-Authenticate").Single());
        Assert.Equal(1, Emulator.Stats.Unauthorized(UnauthorizedReason.ExpiredToken));
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

    [Theory]
    [InlineData(5, 700)]
    [InlineData(1, 999)]
    [InlineData(5, 0)]
    public async Task With_whole_second_tokens_a_token_expires_its_lifetime_after_the_second_it_was_issued_in(int lifetimeSeconds, int intoSecondMs)
    {
        var time = new FakeTimeProvider(EmulatorFixture.Start.AddMilliseconds(intoSecondMs));
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
        {
            TimeProvider = time, TokenLifetime = TimeSpan.FromSeconds(lifetimeSeconds), WholeSecondTokens = true,
        });
        emulator.SeedKey("p", "k", "s");
        using var client = new HttpClient { BaseAddress = emulator.BaseUrl };
        var path = "v1/projects/p/accessKeys";

        using var issued = await client.SendAsync(Sinch.TokenRequest("k", "s"));
        var answer = await issued.JsonAsync();
        Assert.Equal(lifetimeSeconds, answer.GetProperty("expires_in").GetInt32()); // announced in full
        var token = answer.GetProperty("access_token").GetString()!;
        var exp = EmulatorFixture.Start.AddSeconds(lifetimeSeconds); // iat = the issuing second rounded down

        time.Advance(exp - time.GetUtcNow() - TimeSpan.FromTicks(1));
        using (var lastMoment = await client.SendAsync(Sinch.Bearer(HttpMethod.Get, path, token)))
            Assert.Equal(HttpStatusCode.OK, lastMoment.StatusCode);
        time.Advance(TimeSpan.FromTicks(1));
        using var expired = await client.SendAsync(Sinch.Bearer(HttpMethod.Get, path, token));

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains($"Jwt expired at {exp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}", expired.Headers.GetValues("WWW-Authenticate").Single());
        Assert.Equal(1, emulator.Stats.Unauthorized(UnauthorizedReason.ExpiredToken));
    }
}
