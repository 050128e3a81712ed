using System.Text.Json;
using SinchActors.Api.AccessKeys;
using SinchActors.Emulator.Faults;

namespace SinchActors.Tests.Requests;

public class AccessKeysClientSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    [Fact]
    public async Task Listing_2500_keys_with_page_size_1000_takes_exactly_three_requests_and_sees_each_key_once()
    {
        var project = Fixture.NewProject("paging");
        var seeded = Emulator.SeedKeys(project.ProjectId, 2_500);
        var client = StartRuntime(null, project).Client;

        var seen = new List<string>();
        await foreach (var key in client.AccessKeys.ListAsync(project.ProjectId, pageSize: 1000))
            seen.Add(key.AccessKeyId);

        Assert.Equal(3, ApiRequests(project));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seeded.Select(k => k.KeyId).Append(project.KeyId).Order(), seen.Order());
    }

    [Fact]
    public async Task A_created_key_whose_answer_does_not_bind_fails_as_processed_and_keeps_the_one_time_secret()
    {
        var project = Fixture.NewProject("create-odd");
        var keys = StartRuntime(null, project).Client.AccessKeys;
        const string answer = """{"accessKey":{"accessKeyId":17},"secret":"one-time-secret-value"}""";
        Inject(project, new FaultRule
        {
            StatusCode = 200, Body = FaultBody.Raw, RawBody = answer, Timing = FaultTiming.AfterProcessing, Count = 1,
        });

        var error = await Assert.ThrowsAsync<SinchResponseFormatException>(() => keys.CreateAsync(project.ProjectId, "odd").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.True(error.WasProcessed);
        Assert.Equal((200, answer), (error.StatusCode, error.RawBody));
        Assert.DoesNotContain("one-time-secret-value", error.ToString());
        Assert.Equal(1, ApiRequests(project)); // processed: never sent again
    }

    [Fact]
    public async Task Create_get_rename_and_delete_a_key()
    {
        var project = Fixture.NewProject("crud");
        var keys = StartRuntime(null, project).Client.AccessKeys;

        var created = await keys.CreateAsync(project.ProjectId, "build-server").WaitAsync(TimeSpan.FromSeconds(25));
        Assert.Equal("build-server", created.AccessKey.DisplayName);
        Assert.NotEmpty(created.Secret);
        Assert.DoesNotContain(created.Secret, created.ToString());

        var fetched = await keys.GetAsync(project.ProjectId, created.AccessKey.AccessKeyId).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(created.AccessKey.AccessKeyId, fetched.AccessKeyId);
        var renamed = await keys.UpdateDisplayNameAsync(project.ProjectId, fetched.AccessKeyId, "ci").WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("ci", renamed.DisplayName);

        await keys.DeleteAsync(project.ProjectId, fetched.AccessKeyId).WaitAsync(TimeSpan.FromSeconds(5));
        var gone = await Assert.ThrowsAsync<SinchApiException>(() => keys.GetAsync(project.ProjectId, fetched.AccessKeyId).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal((404, "NOT_FOUND"), (gone.StatusCode, gone.StatusText));
    }

    [Fact]
    public async Task A_single_page_reports_the_next_page_token()
    {
        var project = Fixture.NewProject("page");
        Emulator.SeedKeys(project.ProjectId, 3);
        var page = await StartRuntime(null, project).Client.AccessKeys.ListPageAsync(project.ProjectId, pageSize: 2);
        Assert.Equal(2, page.AccessKeys.Count);
        Assert.False(string.IsNullOrEmpty(page.NextPageToken));
    }

    [Fact]
    public void Unknown_fields_are_kept_and_nulls_are_not_written()
    {
        var key = JsonSerializer.Deserialize("""{"accessKeyId":"k","displayName":"d","newField":{"a":1}}""", AccessKeysJsonContext.Default.AccessKey)!;
        Assert.Equal("""{"a":1}""", key.AdditionalProperties!["newField"].GetRawText());

        var written = JsonSerializer.Serialize(new AccessKey { AccessKeyId = "k" }, AccessKeysJsonContext.Default.AccessKey);
        Assert.Equal("""{"accessKeyId":"k"}""", written);
    }
}
