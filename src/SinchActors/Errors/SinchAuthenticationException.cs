namespace SinchActors;

/// <summary>Who refused a key's credentials.</summary>
public enum SinchAuthenticationFailure
{
    /// <summary>The token endpoint refused the access key (for example <c>invalid_client</c>).</summary>
    KeyRefused,

    /// <summary>
    /// The token endpoint issued tokens but Sinch's API rejected them (401) one generation after another, before any
    /// call succeeded: a product not enabled for the key, a subproject not linked to it. The key's callers fail fast
    /// while the token manager probes now and then; the first call the API accepts heals it.
    /// </summary>
    TokensRejectedByApi,
}

/// <summary>
/// Sinch refused a project's access key: retrying with the same credentials will not help until they (or the
/// account's configuration) are corrected. <see cref="Failure"/> says whether the token endpoint refused the key or
/// the API kept rejecting the tokens it issued.
/// </summary>
public sealed class SinchAuthenticationException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="projectId">The project that asked for a credential.</param>
    /// <param name="keyId">The access key ID that was refused (never the secret).</param>
    /// <param name="statusCode">The HTTP status of the refusing response, when one arrived.</param>
    /// <param name="error">The RFC 6749 <c>error</c> code, or the API's error code, when the server sent one.</param>
    /// <param name="errorDescription">The RFC 6749 <c>error_description</c>, or the API's message, when the server sent one.</param>
    /// <param name="failure">Who refused.</param>
    public SinchAuthenticationException(string projectId, string keyId, int? statusCode, string? error, string? errorDescription,
        SinchAuthenticationFailure failure = SinchAuthenticationFailure.KeyRefused)
        : base(Describe(projectId, keyId, statusCode, error, errorDescription, failure), projectId)
    {
        KeyId = keyId;
        StatusCode = statusCode;
        Error = error;
        ErrorDescription = errorDescription;
        Failure = failure;
    }

    /// <summary>The access key ID that was refused.</summary>
    public string KeyId { get; }

    /// <summary>The HTTP status of the refusing response, when one arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>The RFC 6749 <c>error</c> code (for example <c>invalid_client</c>) or the API's error code, when sent.</summary>
    public string? Error { get; }

    /// <summary>The RFC 6749 <c>error_description</c> or the API's message, when sent.</summary>
    public string? ErrorDescription { get; }

    /// <summary>Whether the token endpoint refused the key or the API rejected its tokens.</summary>
    public SinchAuthenticationFailure Failure { get; }

    private static string Describe(string projectId, string keyId, int? statusCode, string? error, string? description,
        SinchAuthenticationFailure failure) =>
        (failure == SinchAuthenticationFailure.KeyRefused
            ? $"Sinch refused access key '{keyId}' of project '{projectId}'"
            : $"Sinch's API rejected every fresh access token of key '{keyId}' used by project '{projectId}'") +
        (statusCode is { } s ? $" with HTTP {s}" : "") +
        (error is null ? "" : $": {error}") +
        (string.IsNullOrEmpty(description) ? "" : $" ({description})") + ".";
}
