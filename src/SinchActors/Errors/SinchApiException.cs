namespace SinchActors;

/// <summary>
/// A Sinch API answered with an error status. The fields are parsed from whichever of Sinch's error body
/// shapes the API uses; the request is identified by method, path and project, never by headers or tokens.
/// </summary>
public sealed class SinchApiException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="code">The API's error code (for example <c>404</c>, <c>40400</c> or a type URI), when sent.</param>
    /// <param name="statusText">The API's status text (for example <c>NOT_FOUND</c>), when sent.</param>
    /// <param name="errorMessage">The API's human-readable message, or a description of the response when it had none.</param>
    /// <param name="details">The error details as raw JSON texts, in the order sent; empty when none.</param>
    /// <param name="rawBody">The response body as text, truncated; empty when the body was empty.</param>
    /// <param name="method">The HTTP method of the failed request.</param>
    /// <param name="path">The path of the failed request, without the query.</param>
    /// <param name="projectId">The project the request was sent for.</param>
    public SinchApiException(int statusCode, string? code, string? statusText, string errorMessage,
        IReadOnlyList<string> details, string rawBody, string method, string path, string? projectId)
        : base($"{method} {path} failed with HTTP {statusCode}" +
               (statusText is null ? "" : $" {statusText}") +
               (code is null ? "" : $" (code {code})") + $": {errorMessage}", projectId)
    {
        StatusCode = statusCode;
        Code = code;
        StatusText = statusText;
        ErrorMessage = errorMessage;
        Details = details;
        RawBody = rawBody;
        Method = method;
        Path = path;
    }

    /// <summary>The HTTP status of the response.</summary>
    public int StatusCode { get; }

    /// <summary>The API's error code (for example <c>404</c>, <c>40400</c> or a type URI), when sent.</summary>
    public string? Code { get; }

    /// <summary>The API's status text (for example <c>NOT_FOUND</c> or <c>Not Found</c>), when sent.</summary>
    public string? StatusText { get; }

    /// <summary>The API's human-readable message, or a description of the response when it had none.</summary>
    public string ErrorMessage { get; }

    /// <summary>The error details as raw JSON texts, in the order sent; empty when none.</summary>
    public IReadOnlyList<string> Details { get; }

    /// <summary>The response body as text, truncated to a configured length; empty when the body was empty.</summary>
    public string RawBody { get; }

    /// <summary>The HTTP method of the failed request.</summary>
    public string Method { get; }

    /// <summary>The path of the failed request, without the query.</summary>
    public string Path { get; }

    /// <summary>The wait the API asked for with <c>Retry-After</c> (sent with 429 and 503), when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// The ID the API's front end gave the request (the <c>X-Request-Id</c> response header, or <c>Request-Id</c> or
    /// <c>X-Correlation-Id</c>), when it sent one: quote it to Sinch's support.
    /// </summary>
    public string? RequestId { get; init; }

    /// <summary>The W3C trace ID of the call (of the caller's current activity, or the request's own span), when there was one.</summary>
    public string? TraceId { get; init; }

    /// <inheritdoc />
    public override string Message => (RequestId, TraceId) switch
    {
        (null, null) => base.Message,
        ({ } request, null) => $"{base.Message} [request id {request}]",
        (null, { } trace) => $"{base.Message} [trace id {trace}]",
        var (request, trace) => $"{base.Message} [request id {request}, trace id {trace}]",
    };

    /// <inheritdoc />
    public override bool IsTransient => StatusCode is 408 or 429 or >= 500;
}
