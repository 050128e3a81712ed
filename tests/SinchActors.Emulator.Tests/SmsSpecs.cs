using System.Net;
using System.Text;

namespace SinchActors.Emulator.Tests;

public sealed class SmsSpecs(EmulatorFixture fixture) : EmulatorSpec(fixture)
{
    private string BatchesPath => $"xms/v1/{Project}/batches";

    [Fact]
    public async Task Create_answers_201_with_an_id_and_get_returns_the_batch()
    {
        using var created = await SendAsync(HttpMethod.Post, BatchesPath,
            new { from = "12345", to = new[] { "46700000001" }, body = "hello", client_reference = "order-1" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var batch = await created.JsonAsync();
        var id = batch.GetProperty("id").GetString()!;
        Assert.Equal("hello", batch.GetProperty("body").GetString());
        Assert.Equal("46700000001", batch.GetProperty("to")[0].GetString());

        using var fetched = await SendAsync(HttpMethod.Get, $"{BatchesPath}/{id}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("order-1", (await fetched.JsonAsync()).GetProperty("client_reference").GetString());
        Assert.Equal(1, Emulator.Stats.Posts("order-1"));
    }

    [Fact]
    public async Task Unknown_batch_is_404_in_the_sms_error_shape()
    {
        using var response = await SendAsync(HttpMethod.Get, $"{BatchesPath}/NOPE");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await response.JsonAsync();
        Assert.Equal("not_found", error.GetProperty("code").GetString());
        Assert.Contains("NOPE", error.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("{oops", "syntax_invalid_json")]
    [InlineData("{\"body\":\"no recipients\"}", "syntax_constraint_violation")]
    public async Task Bad_bodies_are_400_with_code_and_text(string body, string code)
    {
        var request = Sinch.Bearer(HttpMethod.Post, BatchesPath, await TokenAsync());
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.JsonAsync()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Auth_failures_use_the_sms_error_shape()
    {
        using var response = await Client.SendAsync(Sinch.Bearer(HttpMethod.Get, $"{BatchesPath}/X", "bogus"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", (await response.JsonAsync()).GetProperty("code").GetString());
    }
}
