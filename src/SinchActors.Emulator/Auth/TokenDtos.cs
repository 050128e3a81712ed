using System.Text.Json.Serialization;

namespace SinchActors.Emulator.Auth;

/// <summary>Successful token endpoint answer, as Sinch sends it.</summary>
internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>RFC 6749 §5.2 error body.</summary>
internal sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);
