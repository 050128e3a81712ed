using System.Globalization;
using System.Runtime.CompilerServices;
using SinchActors.Api.Sms;

namespace SinchActors.Requests;

/// <summary>
/// SMS API v1 batches (<c>/xms/v1/{projectId}</c>) with the project's OAuth token, at the region of
/// <c>sinch-actors.requests.sms-region</c> (US unless set). Every call goes through the <see cref="ISinchClient"/>
/// pipeline; failures are <see cref="SinchException"/>s, errors of the API <see cref="SinchApiException"/>s with its
/// <c>code</c> as <see cref="SinchApiException.Code"/>.
/// </summary>
public sealed class SmsClient
{
    private readonly ISinchClient _client;

    /// <summary>Creates the client on top of a <see cref="ISinchClient"/>.</summary>
    /// <param name="client">The client that sends the calls.</param>
    public SmsClient(ISinchClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Sends a batch. A POST: never sent again once it may have reached Sinch.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="request">The batch; <see cref="SendSmsRequest.To"/> and <see cref="SendSmsRequest.Body"/> are required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created batch.</returns>
    /// <exception cref="SinchInvalidRequestException">A required field is missing; nothing was sent.</exception>
    public Task<SmsBatch> SendAsync(string projectId, SendSmsRequest request, CancellationToken cancellationToken = default) =>
        Validated(projectId, request) is { } invalid
            ? Task.FromException<SmsBatch>(invalid)
            : _client.SendAsync(SendRequest(projectId, request), SmsJsonContext.Default.SmsBatch, cancellationToken);

    /// <summary>Computes what a batch would take without sending it.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="request">The batch, checked as <see cref="SendAsync"/> checks it.</param>
    /// <param name="perRecipient">Whether to include the result per recipient.</param>
    /// <param name="numberOfRecipients">How many recipients to detail (the API's default is 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="SinchInvalidRequestException">A required field is missing; nothing was sent.</exception>
    public Task<SmsDryRunResult> DryRunAsync(string projectId, SendSmsRequest request, bool perRecipient = false,
        int? numberOfRecipients = null, CancellationToken cancellationToken = default)
    {
        if (Validated(projectId, request) is { } invalid)
            return Task.FromException<SmsDryRunResult>(invalid);
        var query = new QueryBuilder();
        if (perRecipient)
            query.Add("per_recipient", "true");
        if (numberOfRecipients is { } count)
            query.Add("number_of_recipients", count.ToString(CultureInfo.InvariantCulture));
        // Nothing is sent, so repeating it is safe.
        var dryRun = new SinchRequest(HttpMethod.Post, projectId, SinchApiFamily.Sms, BatchesPath(projectId) + "/dry_run")
            { Query = query.Build(), Idempotent = true, Operation = "sms.batches.dry_run" }
            .WithJsonBody(request, SmsJsonContext.Default.SendSmsRequest);
        return _client.SendAsync(dryRun, SmsJsonContext.Default.SmsDryRunResult, cancellationToken);
    }

    /// <summary>Gets a batch.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="batchId">The batch ID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<SmsBatch> GetAsync(string projectId, string batchId, CancellationToken cancellationToken = default) =>
        _client.SendAsync(BatchRequest(HttpMethod.Get, projectId, batchId, "sms.batches.get"), SmsJsonContext.Default.SmsBatch, cancellationToken);

    /// <summary>Cancels a batch that is not yet sent; answers with the batch, <see cref="SmsBatch.Canceled"/> set.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="batchId">The batch ID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<SmsBatch> CancelAsync(string projectId, string batchId, CancellationToken cancellationToken = default) =>
        _client.SendAsync(BatchRequest(HttpMethod.Delete, projectId, batchId, "sms.batches.cancel"), SmsJsonContext.Default.SmsBatch, cancellationToken);

    /// <summary>Gets a batch's delivery report.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="batchId">The batch ID.</param>
    /// <param name="query">The report's type and filters; <c>null</c> for a summary of every status.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<SmsDeliveryReport> GetDeliveryReportAsync(string projectId, string batchId, SmsDeliveryReportQuery? query = null,
        CancellationToken cancellationToken = default)
    {
        var parameters = new QueryBuilder();
        parameters.Add("type", query?.Type);
        parameters.Add("status", query?.Statuses is { Count: > 0 } statuses ? string.Join(',', statuses) : null);
        parameters.Add("code", query?.Codes is { Count: > 0 } codes ? string.Join(',', codes.Select(c => c.ToString(CultureInfo.InvariantCulture))) : null);
        var request = BatchRequest(HttpMethod.Get, projectId, batchId, "sms.batches.delivery_report", "/delivery_report") with { Query = parameters.Build() };
        return _client.SendAsync(request, SmsJsonContext.Default.SmsDeliveryReport, cancellationToken);
    }

    /// <summary>
    /// Lists the project's batches, newest first, fetching page after page as they are enumerated; it ends after a
    /// page with fewer batches than the API's <c>page_size</c>, or once the pages seen cover its <c>count</c>.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="filter">Page size and filters; <c>null</c> for every batch.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public async IAsyncEnumerable<SmsBatch> ListAsync(string projectId, SmsBatchFilter? filter = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long seen = 0;
        for (var page = 0; ; page++)
        {
            var batches = await ListPageAsync(projectId, page, filter, cancellationToken).ConfigureAwait(false);
            foreach (var batch in batches.Batches)
                yield return batch;
            seen += batches.Batches.Count;
            // The page size the API used (it may cap the one asked for); the one asked for if it did not say.
            var pageSize = batches.PageSize > 0 ? batches.PageSize : filter?.PageSize ?? 1;
            if (batches.Batches.Count < pageSize || (batches.Count > 0 && seen >= batches.Count))
                yield break;
        }
    }

    /// <summary>Gets one page of the project's batches.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="page">The page, from 0.</param>
    /// <param name="filter">Page size and filters; <c>null</c> for every batch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<SmsBatchPage> ListPageAsync(string projectId, int page = 0, SmsBatchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        if (filter?.PageSize is < 1 or > 100)
            throw new ArgumentOutOfRangeException(nameof(filter), filter.PageSize, "SmsBatchFilter.PageSize must be between 1 and 100.");
        var query = new QueryBuilder();
        query.Add("page", page.ToString(CultureInfo.InvariantCulture));
        query.Add("page_size", filter?.PageSize?.ToString(CultureInfo.InvariantCulture));
        query.Add("from", filter?.From is { Count: > 0 } from ? string.Join(',', from) : null);
        query.Add("start_date", Timestamp(filter?.StartDate));
        query.Add("end_date", Timestamp(filter?.EndDate));
        query.Add("client_reference", filter?.ClientReference);
        var request = new SinchRequest(HttpMethod.Get, projectId, SinchApiFamily.Sms, BatchesPath(projectId))
            { Query = query.Build(), Operation = "sms.batches.list" };
        return _client.SendAsync(request, SmsJsonContext.Default.SmsBatchPage, cancellationToken);
    }

    /// <summary>The send call of <paramref name="request"/> (checked with <see cref="Validated"/> first); the CLI's load sends it itself to read its attempts.</summary>
    internal static SinchRequest SendRequest(string projectId, SendSmsRequest request) =>
        new SinchRequest(HttpMethod.Post, projectId, SinchApiFamily.Sms, BatchesPath(projectId)) { Operation = "sms.batches.send" }
            .WithJsonBody(request, SmsJsonContext.Default.SendSmsRequest);

    /// <summary>Why <paramref name="request"/> cannot be sent, or <c>null</c>.</summary>
    internal static SinchInvalidRequestException? Validated(string projectId, SendSmsRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        ArgumentNullException.ThrowIfNull(request);
        if (request.To is not { Count: > 0 } to)
            return new SinchInvalidRequestException("SendSmsRequest.To", "is empty: set at least one recipient (E.164, for example +46700000001).", projectId);
        for (var i = 0; i < to.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(to[i]))
                return new SinchInvalidRequestException($"SendSmsRequest.To[{i}]", "is blank: every recipient must be a number (E.164, for example +46700000001).", projectId);
        }
        return string.IsNullOrEmpty(request.Body)
            ? new SinchInvalidRequestException("SendSmsRequest.Body", "is empty: set the message text.", projectId)
            : null;
    }

    private static SinchRequest BatchRequest(HttpMethod method, string projectId, string batchId, string operation, string suffix = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        return new SinchRequest(method, projectId, SinchApiFamily.Sms, $"{BatchesPath(projectId)}/{Uri.EscapeDataString(batchId)}{suffix}")
            { Operation = operation };
    }

    private static string BatchesPath(string projectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        return $"/xms/v1/{Uri.EscapeDataString(projectId)}/batches";
    }

    private static string? Timestamp(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
