using System.Text.Json;
using System.Text.Json.Serialization;

namespace SinchActors.Api.Sms;

/// <summary>
/// A text message batch to send (<c>POST /xms/v1/{project}/batches</c>). <see cref="To"/> and <see cref="Body"/> are
/// required and checked before anything is sent; every other field is optional and left out when not set.
/// </summary>
public sealed record SendSmsRequest
{
    /// <summary>The recipients, E.164 numbers (for example <c>+46700000001</c>); at least one.</summary>
    public IReadOnlyList<string> To { get; init; } = [];
    /// <summary>The sender: a number, short code or alphanumeric ID; <c>null</c> for the account's default.</summary>
    public string? From { get; init; }
    /// <summary>The message text (base64 for <c>mt_binary</c>).</summary>
    public string Body { get; init; } = "";
    /// <summary>The batch type (<see cref="SmsBatchTypes"/>); <c>null</c> for <c>mt_text</c>.</summary>
    public string? Type { get; init; }
    /// <summary>The delivery report to request (<see cref="SmsDeliveryReportTypes"/>); <c>null</c> for none.</summary>
    public string? DeliveryReport { get; init; }
    /// <summary>When to send; <c>null</c> for now.</summary>
    public DateTimeOffset? SendAt { get; init; }
    /// <summary>When to give up delivering; <c>null</c> for the API's default (three days after <see cref="SendAt"/>).</summary>
    public DateTimeOffset? ExpireAt { get; init; }
    /// <summary>Where delivery reports are posted; <c>null</c> for the service's default.</summary>
    public string? CallbackUrl { get; init; }
    /// <summary>Your reference, returned with the batch and its delivery reports.</summary>
    public string? ClientReference { get; init; }
    /// <summary>Whether the API expects delivery feedback for this batch.</summary>
    public bool? FeedbackEnabled { get; init; }
    /// <summary>Per-recipient template parameters: parameter name, then recipient (or <c>default</c>), then value.</summary>
    public Dictionary<string, Dictionary<string, string>>? Parameters { get; init; }
    /// <summary>Fields this version does not know, sent as they are (for options added to the API later).</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A batch as the SMS API returns it (send, get, list, cancel).</summary>
public sealed record SmsBatch
{
    /// <summary>The batch ID.</summary>
    public string Id { get; init; } = "";
    /// <summary>The sender.</summary>
    public string? From { get; init; }
    /// <summary>The recipients.</summary>
    public IReadOnlyList<string> To { get; init; } = [];
    /// <summary>The message text; for an <c>mt_media</c> batch, its media object as JSON text.</summary>
    [JsonConverter(typeof(TextOrJsonConverter))]
    public string? Body { get; init; }
    /// <summary>The batch type (<see cref="SmsBatchTypes"/>).</summary>
    public string? Type { get; init; }
    /// <summary>Whether the batch was cancelled.</summary>
    public bool Canceled { get; init; }
    /// <summary>When the batch was created (UTC).</summary>
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>When the batch was last changed (UTC).</summary>
    public DateTimeOffset? ModifiedAt { get; init; }
    /// <summary>The delivery report requested (<see cref="SmsDeliveryReportTypes"/>).</summary>
    public string? DeliveryReport { get; init; }
    /// <summary>When the batch is sent.</summary>
    public DateTimeOffset? SendAt { get; init; }
    /// <summary>When delivery is given up.</summary>
    public DateTimeOffset? ExpireAt { get; init; }
    /// <summary>Where delivery reports are posted.</summary>
    public string? CallbackUrl { get; init; }
    /// <summary>Your reference.</summary>
    public string? ClientReference { get; init; }
    /// <summary>Whether delivery feedback is expected.</summary>
    public bool? FeedbackEnabled { get; init; }
    /// <summary>Fields this version does not know, kept so nothing the API sends is lost.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>One page of <c>GET /batches</c>.</summary>
public sealed record SmsBatchPage
{
    /// <summary>Batches matching the filters, on all pages.</summary>
    public long Count { get; init; }
    /// <summary>This page's number, from 0.</summary>
    public int Page { get; init; }
    /// <summary>The page size the API used.</summary>
    public int PageSize { get; init; }
    /// <summary>The batches on this page.</summary>
    public IReadOnlyList<SmsBatch> Batches { get; init; } = [];
    /// <summary>Fields this version does not know.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Filters of <c>GET /batches</c>; every one is optional.</summary>
public sealed record SmsBatchFilter
{
    /// <summary>Batches per request, 1 to 100; <c>null</c> for the API's default (30).</summary>
    public int? PageSize { get; init; }
    /// <summary>Only batches sent from these senders.</summary>
    public IReadOnlyList<string>? From { get; init; }
    /// <summary>Only batches created at or after this time.</summary>
    public DateTimeOffset? StartDate { get; init; }
    /// <summary>Only batches created before this time.</summary>
    public DateTimeOffset? EndDate { get; init; }
    /// <summary>Only batches with this client reference.</summary>
    public string? ClientReference { get; init; }
}

/// <summary>The values of <see cref="SendSmsRequest.Type"/> the API knows today.</summary>
public static class SmsBatchTypes
{
    /// <summary>A text message (the default).</summary>
    public const string Text = "mt_text";
    /// <summary>A binary message; the body is base64.</summary>
    public const string Binary = "mt_binary";
    /// <summary>A media (MMS) message.</summary>
    public const string Media = "mt_media";
}

/// <summary>The values of <see cref="SendSmsRequest.DeliveryReport"/> the API knows today.</summary>
public static class SmsDeliveryReportTypes
{
    /// <summary>No report.</summary>
    public const string None = "none";
    /// <summary>One report with the count of each status.</summary>
    public const string Summary = "summary";
    /// <summary>One report listing the recipients of each status.</summary>
    public const string Full = "full";
    /// <summary>A report per recipient and status change.</summary>
    public const string PerRecipient = "per_recipient";
    /// <summary>A report per recipient, on its final status only.</summary>
    public const string PerRecipientFinal = "per_recipient_final";
}
