using System.Text.Json;
using System.Text.Json.Serialization;

namespace SinchActors.Requests;

/// <summary>
/// The union of the fields of Sinch's four error body shapes (and RFC 6749's), so one source-generated read
/// covers them all. Fields whose JSON type differs between APIs are kept as <see cref="JsonElement"/>.
/// </summary>
internal sealed class SinchErrorBody
{
    /// <summary>Shape 1's error object, or RFC 6749's error code string.</summary>
    [JsonPropertyName("error")] public JsonElement Error { get; set; }
    [JsonPropertyName("error_description")] public string? ErrorDescription { get; set; }
    [JsonPropertyName("code")] public JsonElement Code { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("errorCode")] public JsonElement ErrorCode { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("reference")] public string? Reference { get; set; }
    [JsonPropertyName("status")] public JsonElement Status { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("detail")] public string? Detail { get; set; }
}

/// <summary>Shape 1's nested <c>error</c> object (Access Keys, Numbers, Conversation).</summary>
internal sealed class SinchErrorObject
{
    [JsonPropertyName("code")] public JsonElement Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("status")] public JsonElement Status { get; set; }
    [JsonPropertyName("details")] public List<JsonElement>? Details { get; set; }
}

[JsonSerializable(typeof(SinchErrorBody))]
[JsonSerializable(typeof(SinchErrorObject))]
[JsonSerializable(typeof(string))]
internal sealed partial class SinchErrorJsonContext : JsonSerializerContext;
