namespace SinchActors;

/// <summary>
/// No valid access token could be obtained before the caller's deadline because the token endpoint kept
/// failing transiently (throttling, 5xx, timeouts, connection errors). <see cref="Exception.InnerException"/>
/// carries the last cause.
/// </summary>
public sealed class SinchAuthUnavailableException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="projectId">The project that needed a token.</param>
    /// <param name="lastCause">The last failure of the token endpoint, when there was one.</param>
    /// <param name="keyId">The access key whose token was missing, when known.</param>
    public SinchAuthUnavailableException(string projectId, Exception? lastCause, string? keyId = null)
        : base($"No access token for project '{projectId}'" + (keyId is null ? "" : $" (access key '{keyId}')") + " could be obtained in time" +
               (lastCause is null ? "." : $": {lastCause.Message}"), projectId, lastCause)
    {
        KeyId = keyId;
    }

    /// <summary>The access key whose token was missing, when known.</summary>
    public string? KeyId { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
