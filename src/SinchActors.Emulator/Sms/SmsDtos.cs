using System.Text.Json;
using System.Text.Json.Serialization;

namespace SinchActors.Emulator.Sms;

/// <summary>Body of <c>POST /xms/v1/{projectId}/batches</c> (the fields the emulator checks; others are ignored).</summary>
internal sealed class SmsBatchRequest
{
    [JsonPropertyName("from")]
    public string? From { get; set; }

    [JsonPropertyName("to")]
    public string[]? To { get; set; }

    [JsonPropertyName("body")]
    public string? Body { get; set; }

    [JsonPropertyName("client_reference")]
    public string? ClientReference { get; set; }
}

/// <summary>A stored batch, echoed on create and get.</summary>
internal sealed record SmsBatchDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("to")] string[] To,
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("client_reference")] string? ClientReference,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("canceled")] bool Canceled,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("modified_at")] string ModifiedAt);

/// <summary>Source-generated serializers for the SMS batches' bodies (unset fields are left out): no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SmsBatchRequest))]
[JsonSerializable(typeof(SmsBatchDto))]
internal sealed partial class SmsJsonContext : JsonSerializerContext;
