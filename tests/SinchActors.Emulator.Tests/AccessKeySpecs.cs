using System.Net;
using System.Text;
using System.Text.Json;

namespace SinchActors.Emulator.Tests;

public sealed class AccessKeySpecs(EmulatorFixture fixture) : EmulatorSpec(fixture)
{
    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string body)
    {
        var request = Sinch.Bearer(method, path, await TokenAsync());
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await Client.SendAsync(request);
    }

    [Fact]
    public async Task Create_returns_the_secret_once_and_the_new_key_gets_tokens_at_once()
    {
        using var created = await SendAsync(HttpMethod.Post, KeysPath, new { displayName = "ci-runner" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var json = await created.JsonAsync();
        var key = json.GetProperty("accessKey");
        var newKeyId = key.GetProperty("accessKeyId").GetString()!;
        var secret = json.GetProperty("secret").GetString()!;
        Assert.Equal("ci-runner", key.GetProperty("displayName").GetString());
        Assert.Equal(Project, key.GetProperty("projectId").GetString());
        Assert.True(DateTimeOffset.TryParse(key.GetProperty("createTime").GetString(), out _));

        using var fetched = await SendAsync(HttpMethod.Get, $"{KeysPath}/{newKeyId}");
        Assert.False((await fetched.JsonAsync()).TryGetProperty("secret", out _));
        Assert.NotEmpty(await Client.GetTokenAsync(newKeyId, secret));
        Assert.Equal(1, Emulator.Stats.Posts("ci-runner"));
    }

    [Fact]
    public async Task Patch_renames_and_delete_removes_a_key()
    {
        var other = Emulator.SeedKey(Project, Sinch.NewId("k"), "x", "before");

        using var patched = await SendAsync(HttpMethod.Patch, $"{KeysPath}/{other.KeyId}", new { displayName = "after" });
        Assert.Equal("after", (await patched.JsonAsync()).GetProperty("displayName").GetString());
        using var deleted = await SendAsync(HttpMethod.Delete, $"{KeysPath}/{other.KeyId}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await SendAsync(HttpMethod.Get, $"{KeysPath}/{other.KeyId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(1, Emulator.KeyCount(Project));
    }

    [Fact]
    public async Task Unknown_key_is_404_in_the_google_error_shape()
    {
        using var response = await SendAsync(HttpMethod.Get, $"{KeysPath}/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal(404, error.GetProperty("code").GetInt32());
        Assert.Equal("NOT_FOUND", error.GetProperty("status").GetString());
        Assert.Contains("nope", error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Array, error.GetProperty("details").ValueKind);
    }

    [Theory]
    [InlineData("POST", "{not json")]
    [InlineData("POST", "")]
    [InlineData("PATCH", "[1,2]")]
    public async Task Invalid_json_is_400_invalid_argument(string method, string body)
    {
        var path = method == "POST" ? KeysPath : $"{KeysPath}/{KeyId}";
        using var response = await SendRawAsync(new HttpMethod(method), path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", (await response.JsonAsync()).GetProperty("error").GetProperty("status").GetString());
        Assert.Equal(1, Emulator.KeyCount(Project));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("ten")]
    public async Task Page_size_out_of_range_is_400(string pageSize)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{KeysPath}?pageSize={pageSize}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Page_size_1_and_1000_are_accepted_and_the_default_is_100()
    {
        Emulator.SeedKeys(Project, 149);

        using var one = await SendAsync(HttpMethod.Get, $"{KeysPath}?pageSize=1");
        var onePage = await one.JsonAsync();
        Assert.Equal(1, onePage.GetProperty("accessKeys").GetArrayLength());
        Assert.NotEqual("", onePage.GetProperty("nextPageToken").GetString());

        using var thousand = await SendAsync(HttpMethod.Get, $"{KeysPath}?pageSize=1000");
        var all = await thousand.JsonAsync();
        Assert.Equal(150, all.GetProperty("accessKeys").GetArrayLength());
        Assert.Equal("", all.GetProperty("nextPageToken").GetString());

        using var byDefault = await SendAsync(HttpMethod.Get, KeysPath);
        Assert.Equal(100, (await byDefault.JsonAsync()).GetProperty("accessKeys").GetArrayLength());
    }

    [Fact]
    public async Task Walking_the_pages_of_2500_keys_sees_each_key_once_in_creation_order()
    {
        var seeded = Emulator.SeedKeys(Project, 2499, "bulk");
        var expected = new[] { KeyId }.Concat(seeded.Select(k => k.KeyId)).ToList();

        var seen = new List<string>();
        var pageToken = "";
        var pages = 0;
        do
        {
            using var response = await SendAsync(HttpMethod.Get, $"{KeysPath}?pageSize=1000&pageToken={pageToken}");
            var page = await response.JsonAsync();
            seen.AddRange(page.GetProperty("accessKeys").EnumerateArray().Select(k => k.GetProperty("accessKeyId").GetString()!));
            pageToken = page.GetProperty("nextPageToken").GetString()!;
            pages++;
        }
        while (pageToken != "");

        Assert.Equal(3, pages);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Create_is_refused_beyond_the_configured_maximum()
    {
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions { MaxKeysPerProject = 2 });
        emulator.SeedKey("p", "k", "s");
        using var client = new HttpClient { BaseAddress = emulator.BaseUrl };
        var token = await client.GetTokenAsync("k", "s");

        using var second = await client.SendAsync(Sinch.Bearer(HttpMethod.Post, "v1/projects/p/accessKeys", token, new { displayName = "2" }));
        using var third = await client.SendAsync(Sinch.Bearer(HttpMethod.Post, "v1/projects/p/accessKeys", token, new { displayName = "3" }));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);
        Assert.Equal(2, emulator.KeyCount("p"));
    }
}
