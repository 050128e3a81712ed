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
    public SinchAuthUnavailableException(string projectId, Exception? lastCause)
        : base($"No access token for project '{projectId}' could be obtained in time" +
               (lastCause is null ? "." : $": {lastCause.Message}"), projectId, lastCause)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
