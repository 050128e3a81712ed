using System.Diagnostics;
using System.Text.Json;
using SinchActors.Api.Sms;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Emulator.Faults;
using SinchActors.Requests;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Api;

/// <summary>The typed SMS client over real HTTP to the emulator: every operation, its errors, and fields it does not know.</summary>
public class SmsClientSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_batch_is_sent_got_cancelled_and_reported()
    {
        var (project, sms) = Start("sms-crud");

        var sent = await sms.SendAsync(project.ProjectId, new SendSmsRequest { From = "12345", To = ["+46700000001"], Body = "hello" }).WaitAsync(Wait);
        var got = await sms.GetAsync(project.ProjectId, sent.Id).WaitAsync(Wait);
        var canceled = await sms.CancelAsync(project.ProjectId, sent.Id).WaitAsync(Wait);
        var report = await sms.GetDeliveryReportAsync(project.ProjectId, sent.Id, new SmsDeliveryReportQuery { Type = "full" }).WaitAsync(Wait);

        Assert.False(string.IsNullOrEmpty(sent.Id));
        Assert.Equal(("12345", "+46700000001", "hello", SmsBatchTypes.Text, false), (sent.From, Assert.Single(sent.To), sent.Body, sent.Type, sent.Canceled));
        Assert.NotNull(sent.CreatedAt);
        Assert.Equal((sent.Id, sent.Body, sent.CreatedAt), (got.Id, got.Body, got.CreatedAt));
        Assert.True(canceled.Canceled);
        var status = Assert.Single(report.Statuses);
        Assert.Equal((sent.Id, 1, "Cancelled", 1), (report.BatchId, report.TotalMessageCount, status.Status, status.Count));
        Assert.Equal(["+46700000001"], status.Recipients!);
    }

    [Fact]
    public async Task Listing_five_batches_two_per_page_takes_three_requests_and_sees_each_once_newest_first()
    {
        var (project, sms) = Start("sms-list");
        var sent = new List<string>();
        for (var i = 0; i < 5; i++)
            sent.Add((await sms.SendAsync(project.ProjectId, new SendSmsRequest { To = ["+46700000001"], Body = $"m{i}", ClientReference = "run" }).WaitAsync(Wait)).Id);
        await sms.SendAsync(project.ProjectId, new SendSmsRequest { To = ["+46700000001"], Body = "other" }).WaitAsync(Wait);
        var before = ApiRequests(project);

        var listed = new List<string>();
        await foreach (var batch in sms.ListAsync(project.ProjectId, new SmsBatchFilter { PageSize = 2, ClientReference = "run" }))
            listed.Add(batch.Id);

        Assert.Equal(Enumerable.Reverse(sent), listed);
        Assert.Equal(3, ApiRequests(project) - before);
    }

    [Fact]
    public async Task A_dry_run_counts_recipients_and_parts_and_sends_nothing()
    {
        var (project, sms) = Start("sms-dry");

        var result = await sms.DryRunAsync(project.ProjectId, new SendSmsRequest { To = ["+46700000001", "+46700000002"], Body = new string('a', 161) },
            perRecipient: true, numberOfRecipients: 1).WaitAsync(Wait);
        var listed = await sms.ListPageAsync(project.ProjectId).WaitAsync(Wait);

        Assert.Equal((2, 4), (result.NumberOfRecipients, result.NumberOfMessages));
        var recipient = Assert.Single(result.PerRecipient!);
        Assert.Equal(("+46700000001", 2, "text"), (recipient.Recipient, recipient.NumberOfParts, recipient.Encoding));
        Assert.Equal(0, listed.Count);
    }

    [Theory]
    [InlineData(false, "SendSmsRequest.To")]
    [InlineData(true, "SendSmsRequest.Body")]
    public async Task A_request_without_recipients_or_body_fails_naming_the_field_before_anything_is_sent(bool withRecipient, string field)
    {
        var (project, sms) = Start("sms-invalid");
        var request = new SendSmsRequest { To = withRecipient ? ["+46700000001"] : [], Body = withRecipient ? "" : "text" };

        var send = await Assert.ThrowsAsync<SinchInvalidRequestException>(() => sms.SendAsync(project.ProjectId, request));
        var dryRun = await Assert.ThrowsAsync<SinchInvalidRequestException>(() => sms.DryRunAsync(project.ProjectId, request));

        Assert.Equal((field, field), (send.Field, dryRun.Field));
        Assert.StartsWith(field, send.Message);
        Assert.Equal(project.ProjectId, send.ProjectId);
        Assert.Equal(0, ApiRequests(project));
        Assert.Equal(0, Emulator.Stats.Tokens(project.KeyId).Issued);
    }

    [Fact]
    public async Task A_blank_recipient_is_refused_with_its_index()
    {
        var (project, sms) = Start("sms-blank");

        var error = await Assert.ThrowsAsync<SinchInvalidRequestException>(() =>
            sms.SendAsync(project.ProjectId, new SendSmsRequest { To = ["+46700000001", " "], Body = "x" }));

        Assert.Equal("SendSmsRequest.To[1]", error.Field);
    }

    [Fact]
    public async Task An_unknown_batch_fails_with_the_SMS_error_code_the_request_id_and_the_callers_trace_id()
    {
        var (project, sms) = Start("sms-404");
        using var caller = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();

        var error = await Assert.ThrowsAsync<SinchApiException>(() => sms.GetAsync(project.ProjectId, "NOPE").WaitAsync(Wait));

        Assert.Equal((404, "not_found"), (error.StatusCode, error.Code));
        Assert.Contains("NOPE", error.ErrorMessage);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Equal(caller.TraceId.ToHexString(), error.TraceId);
        Assert.Contains(error.RequestId!, error.Message);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task A_throttled_call_carries_the_servers_Retry_After()
    {
        var project = Fixture.NewProject("sms-429");
        var sms = StartRuntime(o => o.Requests.MaxRetries = 0, project).Client.Sms;
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Error, Target = FaultTarget.Sms, ProjectId = project.ProjectId, StatusCode = 429, RetryAfterSeconds = 7 });

        var error = await Assert.ThrowsAsync<SinchApiException>(() => sms.GetAsync(project.ProjectId, "B1").WaitAsync(Wait));

        Assert.Equal((429, "too_many_requests", TimeSpan.FromSeconds(7)), (error.StatusCode, error.Code, error.RetryAfter));
    }

    [Fact]
    public async Task Fields_this_version_does_not_know_are_sent_and_kept_from_the_answer()
    {
        var (project, sms) = Start("sms-unknown");
        var request = new SendSmsRequest
        {
            To = ["+46700000001"], Body = "hi",
            AdditionalProperties = new() { ["future_option"] = JsonSerializer.SerializeToElement(new { level = 3 }) },
        };

        var sent = await sms.SendAsync(project.ProjectId, request).WaitAsync(Wait);
        var got = await sms.GetAsync(project.ProjectId, sent.Id).WaitAsync(Wait);

        Assert.Equal("""{"level":3}""", sent.AdditionalProperties!["future_option"].GetRawText());
        Assert.Equal("""{"level":3}""", got.AdditionalProperties!["future_option"].GetRawText());
    }

    [Fact]
    public void A_media_body_reads_as_its_JSON_and_unset_fields_are_not_written()
    {
        var batch = JsonSerializer.Deserialize("""{"id":"b","to":["+1"],"body":{"url":"https://x/y.png"},"type":"mt_media"}""", SmsJsonContext.Default.SmsBatch)!;
        var written = JsonSerializer.Serialize(new SendSmsRequest { To = ["46700000001"], Body = "x", ClientReference = "r" }, SmsJsonContext.Default.SendSmsRequest);

        Assert.Equal("""{"url":"https://x/y.png"}""", batch.Body);
        Assert.Equal("""{"to":["46700000001"],"body":"x","client_reference":"r"}""", written);
    }

    [Fact]
    public async Task The_request_span_names_the_operation()
    {
        var (project, sms) = Start("sms-span");
        var operations = new List<object?>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SinchActorsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == SinchActorsTelemetry.RequestActivity && (string?)activity.GetTagItem(SinchActorsTelemetry.ProjectTag) == project.ProjectId)
                    lock (operations) operations.Add(activity.GetTagItem(SinchActorsTelemetry.OperationTag));
            },
        };
        ActivitySource.AddActivityListener(listener);

        await sms.SendAsync(project.ProjectId, new SendSmsRequest { To = ["+46700000001"], Body = "traced" }).WaitAsync(Wait);

        lock (operations) Assert.Equal(["sms.batches.send"], operations);
    }

    private (SinchCredentials Project, SmsClient Sms) Start(string prefix)
    {
        var project = Fixture.NewProject(prefix);
        return (project, StartRuntime(null, project).Client.Sms);
    }
}
