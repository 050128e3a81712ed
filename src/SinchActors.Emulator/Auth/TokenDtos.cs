using System.Text.Json.Serialization;

namespace SinchActors.Emulator.Auth;

/// <summary>Successful token endpoint answer, as Sinch sends it.</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>Source-generated serializer for the token answer (its names are explicit): no reflection on the hot path.</summary>
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;
