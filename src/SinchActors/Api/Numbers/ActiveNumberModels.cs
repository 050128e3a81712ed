using System.Text.Json;
using System.Text.Json.Serialization;

namespace SinchActors.Api.Numbers;

/// <summary>A number the project rents (Numbers API v1, <c>activeNumbers</c>).</summary>
public sealed record ActiveNumber
{
    /// <summary>The number, E.164.</summary>
    public string PhoneNumber { get; init; } = "";
    /// <summary>The project that rents it.</summary>
    public string? ProjectId { get; init; }
    /// <summary>Your name for it.</summary>
    public string? DisplayName { get; init; }
    /// <summary>Its country, ISO 3166-1 alpha-2 (for example <c>US</c>).</summary>
    public string? RegionCode { get; init; }
    /// <summary>Its type (<see cref="NumberTypes"/>).</summary>
    public string? Type { get; init; }
    /// <summary>What it can do, for example <c>SMS</c> and <c>VOICE</c>.</summary>
    public IReadOnlyList<string>? Capability { get; init; }
    /// <summary>What it costs per payment interval.</summary>
    public Money? Money { get; init; }
    /// <summary>Months between charges.</summary>
    public int? PaymentIntervalMonths { get; init; }
    /// <summary>When it is charged next.</summary>
    public DateTimeOffset? NextChargeDate { get; init; }
    /// <summary>When the rental ends, once released.</summary>
    public DateTimeOffset? ExpireAt { get; init; }
    /// <summary>Its SMS setup.</summary>
    public NumberSmsConfiguration? SmsConfiguration { get; init; }
    /// <summary>Its voice setup.</summary>
    public NumberVoiceConfiguration? VoiceConfiguration { get; init; }
    /// <summary>Where provisioning events are posted.</summary>
    public string? CallbackUrl { get; init; }
    /// <summary>Fields this version does not know, kept so nothing the API sends is lost.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>An amount of money.</summary>
public sealed record Money
{
    /// <summary>ISO 4217 currency, for example <c>USD</c>.</summary>
    public string? CurrencyCode { get; init; }
    /// <summary>The amount as the API writes it (a decimal string, for example <c>2.00</c>).</summary>
    public string? Amount { get; init; }
    /// <summary>Fields this version does not know.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A number's SMS setup.</summary>
public sealed record NumberSmsConfiguration
{
    /// <summary>The SMS service plan the number is linked to.</summary>
    public string? ServicePlanId { get; init; }
    /// <summary>The 10DLC campaign (US local numbers).</summary>
    public string? CampaignId { get; init; }
    /// <summary>Fields this version does not know (for example a pending <c>scheduledProvisioning</c>).</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A number's voice setup.</summary>
public sealed record NumberVoiceConfiguration
{
    /// <summary>The voice application the number is linked to.</summary>
    public string? AppId { get; init; }
    /// <summary>The voice configuration type, for example <c>RTC</c>, <c>EST</c> or <c>FAX</c>.</summary>
    public string? Type { get; init; }
    /// <summary>Fields this version does not know (for example a pending <c>scheduledVoiceProvisioning</c>).</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The body of <c>PATCH /activeNumbers/{phoneNumber}</c>: only the fields set are changed.</summary>
public sealed record UpdateActiveNumberRequest
{
    /// <summary>A new display name.</summary>
    public string? DisplayName { get; init; }
    /// <summary>A new SMS setup.</summary>
    public NumberSmsConfiguration? SmsConfiguration { get; init; }
    /// <summary>A new voice setup.</summary>
    public NumberVoiceConfiguration? VoiceConfiguration { get; init; }
    /// <summary>A new callback URL.</summary>
    public string? CallbackUrl { get; init; }
    /// <summary>Fields this version does not know, sent as they are.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>One page of <c>GET /activeNumbers</c>.</summary>
public sealed record ActiveNumberPage
{
    /// <summary>The numbers on this page.</summary>
    public IReadOnlyList<ActiveNumber> ActiveNumbers { get; init; } = [];
    /// <summary>The token of the next page; empty or <c>null</c> on the last page.</summary>
    public string? NextPageToken { get; init; }
    /// <summary>Numbers matching the filters, on all pages.</summary>
    public long? TotalSize { get; init; }
    /// <summary>Fields this version does not know.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>The optional filters of <c>GET /activeNumbers</c> (region and type are arguments of the call).</summary>
public sealed record ActiveNumberFilter
{
    /// <summary>Numbers per request, 1 to 1000; <c>null</c> for the API's default.</summary>
    public int? PageSize { get; init; }
    /// <summary>Digits the number must contain (<c>numberPattern.pattern</c>).</summary>
    public string? Pattern { get; init; }
    /// <summary>Where <see cref="Pattern"/> must be: <c>START</c>, <c>CONTAINS</c> or <c>END</c> (<c>numberPattern.searchPattern</c>).</summary>
    public string? SearchPattern { get; init; }
    /// <summary>Only numbers with all these capabilities, for example <c>SMS</c>, <c>VOICE</c>.</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }
    /// <summary>The order, for example <c>phoneNumber</c> or <c>displayName</c>.</summary>
    public string? OrderBy { get; init; }
}

/// <summary>The number types the Numbers API knows today.</summary>
public static class NumberTypes
{
    /// <summary>A local (geographic) number.</summary>
    public const string Local = "LOCAL";
    /// <summary>A mobile number.</summary>
    public const string Mobile = "MOBILE";
    /// <summary>A toll-free number.</summary>
    public const string TollFree = "TOLL_FREE";
}

/// <summary>Source-generated JSON contracts of the Numbers API: camelCase, nulls not written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ActiveNumber))]
[JsonSerializable(typeof(ActiveNumberPage))]
[JsonSerializable(typeof(UpdateActiveNumberRequest))]
internal sealed partial class NumbersJsonContext : JsonSerializerContext;
