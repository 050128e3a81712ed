using System.Net;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Tests;

public sealed class ApiAuthSpecs(EmulatorFixture fixture) : EmulatorSpec(fixture)
{
    private static string KeysPathOf(string project) => $"v1/projects/{project}/accessKeys";

    [Fact]
    public async Task Unknown_token_is_401_in_the_access_keys_error_shape()
    {
        using var response = await Client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPathOf(Project), "not-a-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal(401, error.GetProperty("code").GetInt32());
        Assert.Equal("UNAUTHENTICATED", error.GetProperty("status").GetString());
        Assert.Equal(1, Emulator.Stats.Unauthorized(UnauthorizedReason.UnknownToken));
        Assert.Equal(1, Emulator.Stats.ApiRequests(Project, 401));
    }

    [Fact]
    public async Task Missing_credentials_are_401()
    {
        using var response = await Client.GetAsync(KeysPathOf(Project));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, Emulator.Stats.Unauthorized(UnauthorizedReason.MissingCredentials));
    }

    [Fact]
    public async Task A_token_for_another_project_is_403()
    {
        var other = Sinch.NewId("other");
        Emulator.SeedProject(other);
        var token = await TokenAsync();

        using var response = await Client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPathOf(other), token));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("PERMISSION_DENIED", (await response.JsonAsync()).GetProperty("error").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_parentProjects_key_works_for_its_subproject_but_not_the_reverse()
    {
        var child = Sinch.NewId("child");
        Emulator.SeedProject(child, parentProjectId: Project);
        var childKey = Emulator.SeedKey(child, Sinch.NewId("ckey"), "child-secret");
        var parentToken = await TokenAsync();
        var childToken = await Client.GetTokenAsync(childKey.KeyId, childKey.Secret);

        using var parentOnChild = await Client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPathOf(child), parentToken));
        using var childOnParent = await Client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPathOf(Project), childToken));

        Assert.Equal(HttpStatusCode.OK, parentOnChild.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, childOnParent.StatusCode);
    }

    [Fact]
    public async Task Basic_auth_is_accepted_but_limited_to_5_per_second_with_retry_after()
    {
        HttpRequestMessage BasicList() => new(HttpMethod.Get, KeysPathOf(Project)) { Headers = { Authorization = Sinch.Basic(KeyId, Secret) } };
        for (var i = 0; i < 5; i++)
        {
            using var ok = await Client.SendAsync(BasicList());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var limited = await Client.SendAsync(BasicList()))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
        }

        Fixture.Time.Advance(TimeSpan.FromSeconds(1));
        using var afterRefill = await Client.SendAsync(BasicList());
        Assert.Equal(HttpStatusCode.OK, afterRefill.StatusCode);
    }

    [Fact]
    public async Task Basic_auth_with_a_wrong_secret_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, KeysPathOf(Project)) { Headers = { Authorization = Sinch.Basic(KeyId, "nope") } };
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(1, Emulator.Stats.Unauthorized(UnauthorizedReason.InvalidCredentials));
    }

    [Fact]
    public async Task A_key_may_delete_itself_and_its_tokens_stop_working()
    {
        var token = await TokenAsync();

        using var delete = await Client.SendAsync(Sinch.Bearer(HttpMethod.Delete, $"{KeysPathOf(Project)}/{KeyId}", token));
        using var after = await Client.SendAsync(Sinch.Bearer(HttpMethod.Get, KeysPathOf(Project), token));

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(1, Emulator.Stats.Unauthorized(UnauthorizedReason.RevokedKey));
    }
}
