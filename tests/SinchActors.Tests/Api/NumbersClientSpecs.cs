using System.Text.Json;
using SinchActors.Api.Numbers;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Requests;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Api;

/// <summary>The typed Numbers client over real HTTP to the emulator: list, get, update, release, errors and unknown fields.</summary>
public class NumbersClientSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Listing_five_numbers_two_per_page_takes_three_requests_and_sees_each_once()
    {
        var (project, numbers) = Start("numbers-list");
        var seeded = Enumerable.Range(1, 5).Select(i => $"+1202555000{i}").ToList();
        foreach (var number in seeded) Emulator.SeedNumber(project.ProjectId, number);
        Emulator.SeedNumber(project.ProjectId, "+18005550001", type: NumberTypes.TollFree);

        var listed = new List<string>();
        await foreach (var number in numbers.ListAsync(project.ProjectId, "US", NumberTypes.Local, new ActiveNumberFilter { PageSize = 2 }))
            listed.Add(number.PhoneNumber);

        Assert.Equal(seeded, listed);
        Assert.Equal(3, ApiRequests(project));
    }

    [Fact]
    public async Task A_page_filters_by_pattern_and_reports_the_total()
    {
        var (project, numbers) = Start("numbers-page");
        Emulator.SeedNumber(project.ProjectId, "+12025550001");
        Emulator.SeedNumber(project.ProjectId, "+13035550002", capabilities: ["SMS"]);

        var page = await numbers.ListPageAsync(project.ProjectId, "US", NumberTypes.Local,
            new ActiveNumberFilter { Pattern = "202", SearchPattern = "CONTAINS", Capabilities = ["SMS", "VOICE"] }).WaitAsync(Wait);

        Assert.Equal(["+12025550001"], page.ActiveNumbers.Select(n => n.PhoneNumber));
        Assert.Equal((1L, ""), (page.TotalSize, page.NextPageToken));
    }

    [Fact]
    public async Task A_number_is_got_updated_with_a_field_this_version_does_not_know_and_released()
    {
        var (project, numbers) = Start("numbers-crud");
        Emulator.SeedNumber(project.ProjectId, "+12025550001");

        var got = await numbers.GetAsync(project.ProjectId, "+12025550001").WaitAsync(Wait);
        var updated = await numbers.UpdateAsync(project.ProjectId, "+12025550001", new UpdateActiveNumberRequest
        {
            DisplayName = "support",
            SmsConfiguration = new NumberSmsConfiguration { ServicePlanId = "plan-1" },
            AdditionalProperties = new() { ["futureSetting"] = JsonSerializer.SerializeToElement("on") },
        }).WaitAsync(Wait);
        var released = await numbers.ReleaseAsync(project.ProjectId, "+12025550001").WaitAsync(Wait);
        var gone = await Assert.ThrowsAsync<SinchApiException>(() => numbers.GetAsync(project.ProjectId, "+12025550001").WaitAsync(Wait));

        Assert.Equal(("+12025550001", project.ProjectId, "US", NumberTypes.Local, "USD"), (got.PhoneNumber, got.ProjectId, got.RegionCode, got.Type, got.Money!.CurrencyCode));
        Assert.Equal(["SMS", "VOICE"], got.Capability!);
        Assert.Equal(("support", "plan-1", "RTC"), (updated.DisplayName, updated.SmsConfiguration!.ServicePlanId, updated.VoiceConfiguration!.Type));
        Assert.Equal("\"on\"", updated.AdditionalProperties!["futureSetting"].GetRawText());
        Assert.Equal(got.NextChargeDate, released.ExpireAt);
        Assert.Equal((404, "404", "NOT_FOUND"), (gone.StatusCode, gone.Code, gone.StatusText));
        Assert.False(string.IsNullOrEmpty(gone.RequestId));
    }

    [Fact]
    public async Task A_release_answered_502_after_it_was_processed_is_not_sent_again()
    {
        var (project, numbers) = Start("numbers-502");
        Emulator.SeedNumber(project.ProjectId, "+12025550502");
        Emulator.Faults.Add(new FaultRule
        {
            Kind = FaultKind.Error, Target = FaultTarget.Numbers, ProjectId = project.ProjectId, StatusCode = 502, Timing = FaultTiming.AfterProcessing, Count = 1,
        });

        var error = await Assert.ThrowsAsync<SinchApiException>(() => numbers.ReleaseAsync(project.ProjectId, "+12025550502").WaitAsync(Wait));

        Assert.Equal((502, "UNAVAILABLE"), (error.StatusCode, error.StatusText));
        Assert.Equal(1, Emulator.Stats.Posts("+12025550502")); // a number no other spec releases
        Assert.Equal(1, ApiRequests(project));
    }

    [Fact]
    public async Task Listing_without_region_or_type_is_refused_before_sending()
    {
        var (project, numbers) = Start("numbers-args");

        await Assert.ThrowsAsync<ArgumentException>(() => numbers.ListPageAsync(project.ProjectId, "", NumberTypes.Local));

        Assert.Equal(0, ApiRequests(project));
    }

    private (SinchCredentials Project, NumbersClient Numbers) Start(string prefix)
    {
        var project = Fixture.NewProject(prefix);
        return (project, StartRuntime(null, project).Client.Numbers);
    }
}
