using System.Net;
using System.Text.Json;

namespace SinchActors.Emulator.Tests;

public sealed class NumbersSpecs(EmulatorFixture fixture) : EmulatorSpec(fixture)
{
    private string NumbersPath => $"v1/projects/{Project}/activeNumbers";

    [Fact]
    public async Task List_filters_by_region_and_type_and_pages_with_a_token_until_it_is_empty()
    {
        for (var i = 1; i <= 3; i++) Emulator.SeedNumber(Project, $"+1202555000{i}");
        Emulator.SeedNumber(Project, "+46700000001", "SE", "MOBILE");

        using var first = await SendAsync(HttpMethod.Get, $"{NumbersPath}?regionCode=US&type=LOCAL&pageSize=2");
        var page = await first.JsonAsync();
        var token = page.GetProperty("nextPageToken").GetString()!;
        using var second = await SendAsync(HttpMethod.Get, $"{NumbersPath}?regionCode=US&type=LOCAL&pageSize=2&pageToken={Uri.EscapeDataString(token)}");
        var last = await second.JsonAsync();

        Assert.Equal(["+12025550001", "+12025550002"], Numbers(page));
        Assert.Equal(3, page.GetProperty("totalSize").GetInt32());
        Assert.Equal(["+12025550003"], Numbers(last));
        Assert.Equal("", last.GetProperty("nextPageToken").GetString());
    }

    [Fact]
    public async Task List_without_region_and_type_is_400_in_the_google_error_shape()
    {
        using var response = await SendAsync(HttpMethod.Get, NumbersPath);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", (await response.JsonAsync()).GetProperty("error").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Update_merges_the_fields_sent_unknown_ones_included_and_refuses_read_only_ones()
    {
        Emulator.SeedNumber(Project, "+12025550001");

        using var updated = await SendAsync(HttpMethod.Patch, $"{NumbersPath}/%2B12025550001",
            new { displayName = "support", smsConfiguration = new { servicePlanId = "plan-1" }, futureField = "kept" });
        using var refused = await SendAsync(HttpMethod.Patch, $"{NumbersPath}/%2B12025550001", new { regionCode = "SE" });
        using var fetched = await SendAsync(HttpMethod.Get, $"{NumbersPath}/%2B12025550001");

        var number = await fetched.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("support", "plan-1", "kept"), (number.GetProperty("displayName").GetString(),
            number.GetProperty("smsConfiguration").GetProperty("servicePlanId").GetString(), number.GetProperty("futureField").GetString()));
        Assert.Equal("", number.GetProperty("smsConfiguration").GetProperty("campaignId").GetString()); // merged, not replaced
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("US", number.GetProperty("regionCode").GetString());
    }

    [Fact]
    public async Task Release_answers_the_number_with_its_expiry_and_it_is_gone_afterwards()
    {
        Emulator.SeedNumber(Project, "+12025550001");

        using var released = await SendAsync(HttpMethod.Post, $"{NumbersPath}/%2B12025550001:release");
        using var again = await SendAsync(HttpMethod.Post, $"{NumbersPath}/%2B12025550001:release");
        using var fetched = await SendAsync(HttpMethod.Get, $"{NumbersPath}/%2B12025550001");

        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.True((await released.JsonAsync()).TryGetProperty("expireAt", out _));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("NOT_FOUND", (await fetched.JsonAsync()).GetProperty("error").GetProperty("status").GetString());
        Assert.Equal(1, Emulator.Stats.Posts("+12025550001"));
    }

    [Fact]
    public async Task Numbers_of_another_project_are_not_found()
    {
        Emulator.SeedNumber("someone-else", "+12025550009");

        using var response = await SendAsync(HttpMethod.Get, $"{NumbersPath}/%2B12025550009");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static IEnumerable<string?> Numbers(JsonElement page) =>
        page.GetProperty("activeNumbers").EnumerateArray().Select(n => n.GetProperty("phoneNumber").GetString());
}
