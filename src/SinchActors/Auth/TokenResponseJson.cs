using System.Text.Json.Serialization;

namespace SinchActors.Auth;

/// <summary>The token endpoint's JSON: a grant on success, an RFC 6749 §5.2 error otherwise. Unknown fields are ignored.</summary>
internal sealed class TokenResponseJson
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; set; }

    [JsonPropertyName("expires_in")]
    public double? ExpiresIn { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }
}

// Source-generated so parsing needs no reflection (trimming/AOT friendly, no warm-up cost).
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(TokenResponseJson))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
