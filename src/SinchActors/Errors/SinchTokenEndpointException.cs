namespace SinchActors;

/// <summary>Why a token request failed.</summary>
public enum TokenFailureKind
{
    /// <summary>The endpoint refused the key (400/401, e.g. <c>invalid_client</c>): permanent until the key changes.</summary>
    Rejected,

    /// <summary>429: the endpoint throttled the key.</summary>
    Throttled,

    /// <summary>A 5xx answer.</summary>
    ServerError,

    /// <summary>Another unexpected status (e.g. 403 or 404 from a proxy).</summary>
    UnexpectedStatus,

    /// <summary>No answer within the fetch timeout (or a 408).</summary>
    Timeout,

    /// <summary>The connection could not be made or broke.</summary>
    ConnectionFailed,

    /// <summary>The body was not JSON (for example an HTML error page) or not a JSON object.</summary>
    NotJson,

    /// <summary>A success answer without <c>access_token</c>.</summary>
    MissingAccessToken,

    /// <summary>An <c>expires_in</c> that is not a number.</summary>
    InvalidExpiresIn,

    /// <summary>
    /// The token lives less than <c>sinch-actors.auth.min-lifetime</c> (0 and negative included): too short to use, so
    /// the manager backs off within its key's fetch budget instead of fetching again at once.
    /// </summary>
    LifetimeTooShort,

    /// <summary>A <c>token_type</c> other than bearer.</summary>
    UnsupportedTokenType,

    /// <summary>The answer is larger than any token answer (64 KB): an error page or a wrong URL.</summary>
    TooLarge,
}

/// <summary>
/// A token request failed. <see cref="IsPermanent"/> tells a refused key (retrying will not help) from a
/// transient failure. The message never contains the key secret or a token.
/// </summary>
public sealed class SinchTokenEndpointException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="projectId">The project whose key was exchanged.</param>
    /// <param name="kind">Why the request failed.</param>
    /// <param name="detail">A description without secrets.</param>
    /// <param name="statusCode">The HTTP status, when a response arrived.</param>
    /// <param name="error">The RFC 6749 <c>error</c>, when sent.</param>
    /// <param name="errorDescription">The RFC 6749 <c>error_description</c>, when sent.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, when sent.</param>
    /// <param name="innerException">The underlying cause, when there is one.</param>
    /// <param name="keyId">The access key whose token was asked for; the message names it (tokens belong to keys).</param>
    public SinchTokenEndpointException(string? projectId, TokenFailureKind kind, string detail, int? statusCode = null,
        string? error = null, string? errorDescription = null, TimeSpan? retryAfter = null, Exception? innerException = null,
        string? keyId = null)
        : base(keyId is null ? $"Token request for project '{projectId}' failed ({kind}): {detail}"
            : $"Token request for access key '{keyId}' failed ({kind}): {detail}", projectId, innerException)
    {
        KeyId = keyId;
        Kind = kind;
        StatusCode = statusCode;
        Error = error;
        ErrorDescription = errorDescription;
        RetryAfter = retryAfter;
    }

    /// <summary>Why the request failed.</summary>
    public TokenFailureKind Kind { get; }

    /// <summary>The access key whose token was asked for, when known.</summary>
    public string? KeyId { get; }

    /// <summary>The HTTP status, when a response arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>The RFC 6749 <c>error</c>, when sent.</summary>
    public string? Error { get; }

    /// <summary>The RFC 6749 <c>error_description</c>, when sent.</summary>
    public string? ErrorDescription { get; }

    /// <summary>How long the server asked to wait before the next request, when it said so.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether the key was refused, so only a slow retry or new credentials can help.</summary>
    public bool IsPermanent => Kind == TokenFailureKind.Rejected;

    /// <inheritdoc />
    public override bool IsTransient => !IsPermanent;
}
