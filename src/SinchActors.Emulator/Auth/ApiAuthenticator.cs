using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using SinchActors.Emulator.Http;
using SinchActors.Emulator.Projects;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Auth;

/// <summary>Checks the credentials of an API request against the project it addresses.</summary>
/// <param name="registry">The projects and keys.</param>
/// <param name="tokens">The tokens issued.</param>
/// <param name="stats">Counts the 401s.</param>
/// <param name="time">The clock of token expiry and of the Basic rate limit.</param>
/// <param name="basicAuthRequestsPerSecond">API requests per second a key may make with HTTP Basic (the burst equals the rate).</param>
internal sealed class ApiAuthenticator(ProjectRegistry registry, TokenIssuer tokens, EmulatorStats stats, TimeProvider time, double basicAuthRequestsPerSecond)
{
    private const string WwwAuthenticate = "WWW-Authenticate";
    private readonly ConcurrentDictionary<string, TokenBucket> _basicLimiters = new(StringComparer.Ordinal);

    /// <summary>Null when the request may proceed; otherwise the 401/403/429 answer in the route's error shape.</summary>
    public BytesResult? Authenticate(HttpContext context, RouteKind route, string projectId)
    {
        string? header = context.Request.Headers.Authorization;
        if (AuthorizationHeader.TryGetBearer(header, out var token)) return CheckBearer(route, projectId, token);
        if (AuthorizationHeader.TryParseBasic(header, out var keyId, out var secret)) return CheckBasic(route, projectId, keyId, secret);
        return Unauthorized(route, UnauthorizedReason.MissingCredentials, "Missing credentials.", "Bearer realm=\"Sinch\"");
    }

    private BytesResult? CheckBearer(RouteKind route, string projectId, string token)
    {
        if (!tokens.TryGet(token, out var issued))
            return Unauthorized(route, UnauthorizedReason.UnknownToken, "Invalid token.", "Bearer error=\"invalid_token\", error_description=\"Invalid token\"");
        if (time.GetUtcNow() >= issued.ExpiresAt)
        {
            var expiredAt = issued.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            return Unauthorized(route, UnauthorizedReason.ExpiredToken, "Access token expired.",
                $"Bearer error=\"invalid_token\", error_description=\"Jwt expired at {expiredAt}\"");
        }
        if (!registry.TryGetKey(issued.KeyId, out _))
            return Unauthorized(route, UnauthorizedReason.RevokedKey, "Access key was deleted.", "Bearer error=\"invalid_token\", error_description=\"Key revoked\"");
        return registry.Covers(issued.ProjectId, projectId) ? null : Forbidden(route, projectId);
    }

    private BytesResult? CheckBasic(RouteKind route, string projectId, string keyId, string secret)
    {
        if (!tokens.TryAuthenticateKey(keyId, secret, out var key))
            return Unauthorized(route, UnauthorizedReason.InvalidCredentials, "Invalid key ID or secret.", "Basic realm=\"Sinch\"");
        if (!registry.Covers(key.ProjectId, projectId)) return Forbidden(route, projectId);
        var limiter = _basicLimiters.GetOrAdd(keyId, static (_, authenticator) => authenticator.NewBasicLimiter(), this);
        if (limiter.TryTake(out var retryAfter)) return null;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return ApiErrors.For(route, 429, "Basic authentication is rate limited; use OAuth tokens.",
            "Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
    }

    private BytesResult Unauthorized(RouteKind route, UnauthorizedReason reason, string message, string challenge)
    {
        stats.Unauthorized401(reason);
        return ApiErrors.For(route, 401, message, WwwAuthenticate, challenge);
    }

    private TokenBucket NewBasicLimiter() => new(Math.Max(1, basicAuthRequestsPerSecond), basicAuthRequestsPerSecond, time);

    private static BytesResult Forbidden(RouteKind route, string projectId) =>
        ApiErrors.For(route, 403, $"The credentials do not grant access to project {projectId}.");
}
