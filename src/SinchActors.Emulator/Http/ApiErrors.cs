using System.Text.Json;

namespace SinchActors.Emulator.Http;

/// <summary>Error answers in the shape each Sinch API family uses.</summary>
internal static class ApiErrors
{
    private const string Json = "application/json";

    public static BytesResult OAuth(int status, string error, string description, string? headerName = null, string? headerValue = null) =>
        new(status, Json, JsonSerializer.SerializeToUtf8Bytes(new OAuthError(error, description), ErrorJsonContext.Default.OAuthError), headerName, headerValue);

    public static BytesResult Google(int status, string message, string? headerName = null, string? headerValue = null) =>
        new(status, Json, JsonSerializer.SerializeToUtf8Bytes(
            new GoogleErrorBody(new GoogleError(status, message, GoogleStatus(status), [])),
            ErrorJsonContext.Default.GoogleErrorBody), headerName, headerValue);

    public static BytesResult Sms(int status, string code, string text, string? headerName = null, string? headerValue = null) =>
        new(status, Json, JsonSerializer.SerializeToUtf8Bytes(new SmsError(code, text), ErrorJsonContext.Default.SmsError), headerName, headerValue);

    /// <summary>The route family's error for <paramref name="status"/> with its default code.</summary>
    public static BytesResult For(RouteKind route, int status, string message, string? headerName = null, string? headerValue = null) => route switch
    {
        RouteKind.Token => OAuth(status, OAuthCode(status), message, headerName, headerValue),
        RouteKind.AccessKeys or RouteKind.Numbers => Google(status, message, headerName, headerValue),
        _ => Sms(status, SmsCode(status), message, headerName, headerValue),
    };

    private static string GoogleStatus(int status) => status switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ALREADY_EXISTS",
        429 => "RESOURCE_EXHAUSTED",
        500 => "INTERNAL",
        502 or 503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "UNKNOWN",
    };

    private static string OAuthCode(int status) => status switch
    {
        400 => "invalid_request",
        401 => "invalid_client",
        429 => "too_many_requests",
        503 => "temporarily_unavailable",
        _ => "server_error",
    };

    private static string SmsCode(int status) => status switch
    {
        400 => "syntax_constraint_violation",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        429 => "too_many_requests",
        _ => "internal_error",
    };
}
