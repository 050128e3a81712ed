using System.Net;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Tests;

public sealed class ApiAuthSpecs : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fixture;
    private readonly HttpClient _client;
    private readonly string _project = Sinch.NewId("proj");
    private readonly string _keyId = Sinch.NewId("key");

    public ApiAuthSpecs(EmulatorFixture fixture)
    {
        _fixture = fixture;
        _fixture.Reset();
        _client = fixture.Client;
        fixture.Emulator.SeedKey(_project, _keyId, "s3cret");
    }

    private string KeysPath(string project) => $"v1/projects/{project}/accessKeys";

    [Fact]
    public async Task Unknown_token_is_401_in_the_access_keys_error_shape()
    {
        using var response = await _client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPath(_project), "not-a-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal(401, error.GetProperty("code").GetInt32());
        Assert.Equal("UNAUTHENTICATED", error.GetProperty("status").GetString());
        Assert.Equal(1, _fixture.Emulator.Stats.Unauthorized(UnauthorizedReason.UnknownToken));
        Assert.Equal(1, _fixture.Emulator.Stats.ApiRequests(_project, 401));
    }

    [Fact]
    public async Task Missing_credentials_are_401()
    {
        using var response = await _client.GetAsync(KeysPath(_project));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _fixture.Emulator.Stats.Unauthorized(UnauthorizedReason.MissingCredentials));
    }

    [Fact]
    public async Task A_token_for_another_project_is_403()
    {
        var other = Sinch.NewId("other");
        _fixture.Emulator.SeedProject(other);
        var token = await _client.GetTokenAsync(_keyId, "s3cret");

        using var response = await _client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPath(other), token));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("PERMISSION_DENIED", (await response.JsonAsync()).GetProperty("error").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_parent_projects_key_works_for_its_subproject_but_not_the_reverse()
    {
        var child = Sinch.NewId("child");
        _fixture.Emulator.SeedProject(child, parentProjectId: _project);
        var childKey = _fixture.Emulator.SeedKey(child, Sinch.NewId("ckey"), "child-secret");
        var parentToken = await _client.GetTokenAsync(_keyId, "s3cret");
        var childToken = await _client.GetTokenAsync(childKey.KeyId, childKey.Secret);

        using var parentOnChild = await _client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPath(child), parentToken));
        using var childOnParent = await _client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPath(_project), childToken));

        Assert.Equal(HttpStatusCode.OK, parentOnChild.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, childOnParent.StatusCode);
    }

    [Fact]
    public async Task Basic_auth_is_accepted_but_limited_to_5_per_second_with_retry_after()
    {
        HttpRequestMessage BasicList() => new(HttpMethod.Get, KeysPath(_project)) { Headers = { Authorization = Sinch.Basic(_keyId, "s3cret") } };
        for (var i = 0; i < 5; i++)
        {
            using var ok = await _client.SendAsync(BasicList());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var limited = await _client.SendAsync(BasicList()))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
        }

        _fixture.Time.Advance(TimeSpan.FromSeconds(1));
        using var afterRefill = await _client.SendAsync(BasicList());
        Assert.Equal(HttpStatusCode.OK, afterRefill.StatusCode);
    }

    [Fact]
    public async Task Basic_auth_with_a_wrong_secret_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, KeysPath(_project)) { Headers = { Authorization = Sinch.Basic(_keyId, "nope") } };
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, _fixture.Emulator.Stats.Unauthorized(UnauthorizedReason.InvalidCredentials));
    }

    [Fact]
    public async Task A_key_may_delete_itself_and_its_tokens_stop_working()
    {
        var token = await _client.GetTokenAsync(_keyId, "s3cret");

        using var delete = await _client.SendAsync(Sinch.Bearer(HttpMethod.Delete, $"{KeysPath(_project)}/{_keyId}", token));
        using var after = await _client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPath(_project), token));

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(1, _fixture.Emulator.Stats.Unauthorized(UnauthorizedReason.RevokedKey));
    }
}
