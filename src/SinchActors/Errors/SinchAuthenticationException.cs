namespace SinchActors;

/// <summary>
/// The auth server refused the project's access key (for example <c>invalid_client</c>): retrying with the
/// same credentials will not help until they are corrected.
/// </summary>
public sealed class SinchAuthenticationException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="projectId">The project whose key was refused.</param>
    /// <param name="keyId">The access key ID that was refused (never the secret).</param>
    /// <param name="statusCode">The HTTP status of the token response, when one arrived.</param>
    /// <param name="error">The RFC 6749 <c>error</c> code, when the server sent one.</param>
    /// <param name="errorDescription">The RFC 6749 <c>error_description</c>, when the server sent one.</param>
    public SinchAuthenticationException(string projectId, string keyId, int? statusCode, string? error, string? errorDescription)
        : base(Describe(projectId, keyId, statusCode, error, errorDescription), projectId)
    {
        KeyId = keyId;
        StatusCode = statusCode;
        Error = error;
        ErrorDescription = errorDescription;
    }

    /// <summary>The access key ID that was refused.</summary>
    public string KeyId { get; }

    /// <summary>The HTTP status of the token response, when one arrived.</summary>
    public int? StatusCode { get; }

    /// <summary>The RFC 6749 <c>error</c> code (for example <c>invalid_client</c>), when sent.</summary>
    public string? Error { get; }

    /// <summary>The RFC 6749 <c>error_description</c>, when sent.</summary>
    public string? ErrorDescription { get; }

    private static string Describe(string projectId, string keyId, int? statusCode, string? error, string? description) =>
        $"Sinch refused access key '{keyId}' of project '{projectId}'" +
        (statusCode is { } s ? $" with HTTP {s}" : "") +
        (error is null ? "" : $": {error}") +
        (string.IsNullOrEmpty(description) ? "" : $" ({description})") + ".";
}
