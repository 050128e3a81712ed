using System.Net;
using System.Net.Http.Json;
using System.Text;
using SinchActors.Emulator.Faults;

namespace SinchActors.Emulator.Tests;

public sealed class ControlEndpointSpecs(EmulatorFixture fixture) : EmulatorSpec(fixture)
{
    [Fact]
    public async Task Faults_put_as_json_take_effect_and_report_remaining_counts()
    {
        const string json = """{"seed":1,"rules":[{"kind":"Error","target":"Sms","statusCode":502,"body":"Html","count":1}]}""";
        using var put = await Client.PutAsync("_emulator/faults", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var token = await TokenAsync();

        using var hit = await Client.SendAsync(Sinch.Bearer(HttpMethod.Get, $"xms/v1/{Project}/batches/X", token));
        var faults = await Client.GetFromJsonAsync<System.Text.Json.JsonElement>("_emulator/faults");

        Assert.Equal(HttpStatusCode.BadGateway, hit.StatusCode);
        Assert.Equal("text/html", hit.Content.Headers.ContentType?.MediaType);
        var rule = faults.GetProperty("rules")[0];
        Assert.Equal(0, rule.GetProperty("count").GetInt32());
        Assert.Equal("Sms", rule.GetProperty("target").GetString());
        Assert.Equal(1, Emulator.Faults.Current.Seed);
    }

    [Theory]
    [InlineData("{broken")]
    [InlineData("""{"rules":[{"probability":2}]}""")]
    public async Task Invalid_fault_settings_are_400_and_change_nothing(string json)
    {
        Emulator.Faults.Add(new FaultRule { StatusCode = 500, Target = FaultTarget.Sms });

        using var put = await Client.PutAsync("_emulator/faults", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Single(Emulator.Faults.Current.Rules);
    }

    [Fact]
    public async Task Delete_faults_clears_them()
    {
        Emulator.Faults.Add(new FaultRule { StatusCode = 500 });

        using var delete = await Client.DeleteAsync("_emulator/faults");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(Emulator.Faults.Current.Rules);
    }

    [Fact]
    public async Task Stats_report_tokens_api_requests_401s_and_posts_and_reset_zeroes_them()
    {
        var token = await TokenAsync();
        using (await Client.SendAsync(Sinch.TokenRequest(KeyId, "bad"))) { }
        using (await Client.SendAsync(Sinch.Bearer(HttpMethod.Post, $"v1/projects/{Project}/accessKeys", token, new { displayName = "stat-me" }))) { }

        var stats = await Client.GetFromJsonAsync<System.Text.Json.JsonElement>("_emulator/stats");

        var tokens = stats.GetProperty("tokens").GetProperty(KeyId);
        Assert.Equal(1, tokens.GetProperty("issued").GetInt64());
        Assert.Equal(1, tokens.GetProperty("rejected").GetInt64());
        Assert.Equal(1, stats.GetProperty("apiRequests").GetProperty(Project).GetProperty("200").GetInt64());
        Assert.Equal(1, stats.GetProperty("unauthorized").GetProperty("InvalidCredentials").GetInt64());
        Assert.Equal(1, stats.GetProperty("postsByDisplayName").GetProperty("stat-me").GetInt64());
        Assert.Equal(1, stats.GetProperty("concurrentTokenRequests").GetProperty("peak").GetInt32());

        using var reset = await Client.PostAsync("_emulator/stats/reset", null);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, Emulator.Stats.Tokens(KeyId).Issued);
        Assert.Equal(0, Emulator.Stats.ApiRequests(Project));
    }
}
