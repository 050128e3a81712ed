namespace SinchActors;

/// <summary>
/// The circuit for this host and project is open after repeated failures, so the request was not sent.
/// </summary>
public sealed class SinchCircuitOpenException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="projectId">The project whose circuit is open.</param>
    /// <param name="host">The API host whose circuit is open.</param>
    /// <param name="retryAfter">How long until the circuit lets a trial request through, when known.</param>
    /// <param name="innerException">The breaker's own exception, when there is one.</param>
    public SinchCircuitOpenException(string? projectId, string host, TimeSpan? retryAfter, Exception? innerException = null)
        : base($"The circuit for host '{host}' of project '{projectId}' is open; the request was not sent.", projectId, innerException)
    {
        Host = host;
        RetryAfter = retryAfter;
    }

    /// <summary>The API host whose circuit is open.</summary>
    public string Host { get; }

    /// <summary>How long until the circuit lets a trial request through, when known.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
