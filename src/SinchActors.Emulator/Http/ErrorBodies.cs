using System.Text.Json;
using System.Text.Json.Serialization;

namespace SinchActors.Emulator.Http;

/// <summary>RFC 6749 §5.2 error body.</summary>
internal sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

/// <summary>Google-style error envelope used by Access Keys, Numbers and Conversation.</summary>
internal sealed record GoogleErrorBody(GoogleError Error);

/// <summary>The inner error: numeric code, message, canonical status name, details.</summary>
internal sealed record GoogleError(int Code, string Message, string Status, GoogleErrorDetail[] Details);

/// <summary>One typed detail of a Google-style error.</summary>
internal sealed record GoogleErrorDetail(
    [property: JsonPropertyName("type_url")] string TypeUrl,
    [property: JsonPropertyName("value")] string Value);

/// <summary>SMS-style error body.</summary>
internal sealed record SmsError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("text")] string Text);

/// <summary>Source-generated serializers for the error bodies: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(GoogleErrorBody))]
[JsonSerializable(typeof(SmsError))]
internal sealed partial class ErrorJsonContext : JsonSerializerContext;
