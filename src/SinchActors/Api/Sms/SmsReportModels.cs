using System.Text.Json;
using System.Text.Json.Serialization;

namespace SinchActors.Api.Sms;

/// <summary>What a batch would cost, from <c>POST /batches/dry_run</c>: nothing is sent.</summary>
public sealed record SmsDryRunResult
{
    /// <summary>Recipients the batch would reach.</summary>
    public int NumberOfRecipients { get; init; }
    /// <summary>Message parts it would take, over all recipients.</summary>
    public int NumberOfMessages { get; init; }
    /// <summary>Per recipient, when asked for (<c>perRecipient</c>).</summary>
    public IReadOnlyList<SmsDryRunRecipient>? PerRecipient { get; init; }
    /// <summary>Fields this version does not know.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>One recipient of a dry run.</summary>
public sealed record SmsDryRunRecipient
{
    /// <summary>The recipient.</summary>
    public string Recipient { get; init; } = "";
    /// <summary>Message parts for this recipient.</summary>
    public int NumberOfParts { get; init; }
    /// <summary>The body as it would be sent to this recipient (parameters filled in).</summary>
    public string? Body { get; init; }
    /// <summary>The encoding, for example <c>text</c> or <c>unicode</c>.</summary>
    public string? Encoding { get; init; }
    /// <summary>Fields this version does not know.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A batch's delivery report, from <c>GET /batches/{id}/delivery_report</c>.</summary>
public sealed record SmsDeliveryReport
{
    /// <summary>The batch.</summary>
    public string BatchId { get; init; } = "";
    /// <summary>The report's type, <c>delivery_report_sms</c>.</summary>
    public string? Type { get; init; }
    /// <summary>Messages in the batch.</summary>
    public int TotalMessageCount { get; init; }
    /// <summary>The count (and, in a full report, the recipients) of each status.</summary>
    public IReadOnlyList<SmsDeliveryStatus> Statuses { get; init; } = [];
    /// <summary>The batch's client reference.</summary>
    public string? ClientReference { get; init; }
    /// <summary>Fields this version does not know.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>One status of a delivery report.</summary>
public sealed record SmsDeliveryStatus
{
    /// <summary>The detailed status code.</summary>
    public int Code { get; init; }
    /// <summary>The status, for example <c>Delivered</c>, <c>Queued</c> or <c>Cancelled</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>Messages with this status.</summary>
    public int Count { get; init; }
    /// <summary>Their recipients; only in a full report.</summary>
    public IReadOnlyList<string>? Recipients { get; init; }
    /// <summary>Fields this version does not know.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>What <c>GET /batches/{id}/delivery_report</c> includes; every field is optional.</summary>
public sealed record SmsDeliveryReportQuery
{
    /// <summary><c>summary</c> (the default) or <c>full</c>, which lists the recipients of each status.</summary>
    public string? Type { get; init; }
    /// <summary>Only these statuses.</summary>
    public IReadOnlyList<string>? Statuses { get; init; }
    /// <summary>Only these status codes.</summary>
    public IReadOnlyList<int>? Codes { get; init; }
}

/// <summary>
/// Source-generated JSON contracts of the SMS API: snake_case, nulls not written.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendSmsRequest))]
[JsonSerializable(typeof(SmsBatch))]
[JsonSerializable(typeof(SmsBatchPage))]
[JsonSerializable(typeof(SmsDryRunResult))]
[JsonSerializable(typeof(SmsDeliveryReport))]
internal sealed partial class SmsJsonContext : JsonSerializerContext;

/// <summary>Reads a JSON string as its text and any other value (an <c>mt_media</c> body's object) as its raw JSON; writes text as a string.</summary>
internal sealed class TextOrJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString();
        using var value = JsonDocument.ParseValue(ref reader);
        return value.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
