using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SinchActors.Emulator.Http;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Auth;

/// <summary><c>POST /oauth2/token</c>: OAuth 2.0 client credentials with Basic key ID / secret, RFC 6749 errors.</summary>
internal sealed class TokenEndpoint(TokenIssuer tokens, EmulatorStats stats)
{
    private const string BasicChallenge = "Basic realm=\"Sinch\"";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var hasKeyId = AuthorizationHeader.TryParseBasic(request.Headers.Authorization, out var keyId, out var secret);

        if (!IsFormUrlEncoded(request.ContentType))
            return Reject(hasKeyId, keyId, ApiErrors.OAuth(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded."));

        var form = await request.ReadFormAsync(context.RequestAborted);
        var grantType = form["grant_type"].ToString();
        if (grantType.Length == 0)
            return Reject(hasKeyId, keyId, ApiErrors.OAuth(400, "invalid_request", "grant_type is required."));
        if (grantType != "client_credentials")
            return Reject(hasKeyId, keyId, ApiErrors.OAuth(400, "unsupported_grant_type", $"Grant type '{grantType}' is not supported."));

        if (!hasKeyId)
        {
            stats.Unauthorized401(UnauthorizedReason.MissingCredentials);
            return ApiErrors.OAuth(401, "invalid_client", "Client authentication failed: missing Basic credentials.", HeaderNames.WWWAuthenticate, BasicChallenge);
        }
        if (!tokens.TryAuthenticateKey(keyId, secret, out var key))
        {
            stats.Unauthorized401(UnauthorizedReason.InvalidCredentials);
            return Reject(true, keyId, ApiErrors.OAuth(401, "invalid_client", "Client authentication failed.", HeaderNames.WWWAuthenticate, BasicChallenge));
        }
        if (!tokens.TryTakeIssueAllowance(keyId))
        {
            // Sinch's limiter sends no Retry-After; clients must back off on their own.
            stats.TokenRateLimited(keyId);
            return ApiErrors.OAuth(429, "too_many_requests", "Token request rate exceeded for this client.");
        }

        var token = tokens.Issue(key);
        stats.TokenIssued(keyId);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(
            new TokenResponse(token, "bearer", (long)tokens.Lifetime.TotalSeconds, ""),
            TokenJsonContext.Default.TokenResponse);
    }

    private BytesResult Reject(bool hasKeyId, string keyId, BytesResult answer)
    {
        if (hasKeyId) stats.TokenRejected(keyId);
        return answer;
    }

    private static bool IsFormUrlEncoded(string? contentType) =>
        contentType is not null
        && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
