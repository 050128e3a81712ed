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
    public async Task A_batch_keeps_fields_the_emulator_does_not_know_and_answers_carry_a_request_id()
    {
        using var created = await SendAsync(HttpMethod.Post, BatchesPath, new { to = new[] { "+46700000001" }, body = "hi", future_option = new { level = 3 } });
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;

        using var fetched = await SendAsync(HttpMethod.Get, $"{BatchesPath}/{id}");

        Assert.Equal(3, (await fetched.JsonAsync()).GetProperty("future_option").GetProperty("level").GetInt32());
        Assert.False(string.IsNullOrEmpty(fetched.Headers.GetValues("X-Request-Id").Single()));
    }

    [Fact]
    public async Task List_pages_newest_first_with_count_and_filters_by_client_reference()
    {
        for (var i = 0; i < 5; i++)
            (await SendAsync(HttpMethod.Post, BatchesPath, new { to = new[] { "+46700000001" }, body = $"m{i}", client_reference = i < 3 ? "mine" : "other" })).Dispose();

        using var second = await SendAsync(HttpMethod.Get, $"{BatchesPath}?page=1&page_size=2&client_reference=mine");
        var page = await second.JsonAsync();

        Assert.Equal((3, 1, 2), (page.GetProperty("count").GetInt32(), page.GetProperty("page").GetInt32(), page.GetProperty("page_size").GetInt32()));
        Assert.Equal(["m0"], page.GetProperty("batches").EnumerateArray().Select(b => b.GetProperty("body").GetString()));
    }

    [Fact]
    public async Task Cancel_answers_the_batch_marked_canceled_and_its_delivery_report_says_Cancelled()
    {
        using var created = await SendAsync(HttpMethod.Post, BatchesPath, new { to = new[] { "+46700000001", "+46700000002" }, body = "later" });
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;

        using var canceled = await SendAsync(HttpMethod.Delete, $"{BatchesPath}/{id}");
        using var report = await SendAsync(HttpMethod.Get, $"{BatchesPath}/{id}/delivery_report?type=full");

        Assert.True((await canceled.JsonAsync()).GetProperty("canceled").GetBoolean());
        var status = (await report.JsonAsync()).GetProperty("statuses")[0];
        Assert.Equal(("Cancelled", 2, 2), (status.GetProperty("status").GetString(), status.GetProperty("count").GetInt32(), status.GetProperty("recipients").GetArrayLength()));
    }

    [Fact]
    public async Task Dry_run_counts_recipients_and_parts_and_stores_nothing()
    {
        var longText = new string('a', 161); // two GSM parts
        using var response = await SendAsync(HttpMethod.Post, $"{BatchesPath}/dry_run?per_recipient=true&number_of_recipients=1",
            new { to = new[] { "+46700000001", "+46700000002" }, body = longText });
        using var list = await SendAsync(HttpMethod.Get, BatchesPath);

        var result = await response.JsonAsync();
        Assert.Equal((2, 4), (result.GetProperty("number_of_recipients").GetInt32(), result.GetProperty("number_of_messages").GetInt32()));
        Assert.Equal(2, Assert.Single(result.GetProperty("per_recipient").EnumerateArray()).GetProperty("number_of_parts").GetInt32());
        Assert.Equal(0, (await list.JsonAsync()).GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("DELETE", "")]
    [InlineData("GET", "/delivery_report")]
    public async Task Cancel_and_delivery_report_of_an_unknown_batch_are_404_not_found(string method, string suffix)
    {
        using var response = await SendAsync(new HttpMethod(method), $"{BatchesPath}/NOPE{suffix}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await response.JsonAsync()).GetProperty("code").GetString());
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
    [InlineData("{\"to\":[\"+46700000001\"]}", "syntax_constraint_violation")]
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
