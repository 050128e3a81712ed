namespace SinchActors;

/// <summary>
/// No HTTP response arrived: the connection failed or the attempt timed out. When
/// <see cref="MayHaveBeenProcessed"/> is <c>true</c> the request may have reached Sinch, so a non-idempotent
/// call (POST, PATCH) was not repeated automatically.
/// </summary>
public sealed class SinchTransportException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The HTTP method of the request.</param>
    /// <param name="path">The path of the request, without the query.</param>
    /// <param name="projectId">The project the request was sent for.</param>
    /// <param name="mayHaveBeenProcessed">Whether the request may have reached the server.</param>
    /// <param name="cause">The connection error or timeout.</param>
    public SinchTransportException(string method, string path, string? projectId, bool mayHaveBeenProcessed, Exception cause)
        : base($"{method} {path} got no response: {cause.Message}", projectId, cause)
    {
        Method = method;
        Path = path;
        MayHaveBeenProcessed = mayHaveBeenProcessed;
    }

    /// <summary>The HTTP method of the request.</summary>
    public string Method { get; }

    /// <summary>The path of the request, without the query.</summary>
    public string Path { get; }

    /// <summary>Whether the request may have reached the server (it was not refused before sending).</summary>
    public bool MayHaveBeenProcessed { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
