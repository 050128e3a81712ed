namespace SinchActors;

/// <summary>
/// The response body was larger than the configured cap, so it was not read; the request may have been processed.
/// </summary>
public sealed class SinchResponseTooLargeException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limitBytes">The configured cap in bytes.</param>
    /// <param name="method">The HTTP method of the request.</param>
    /// <param name="path">The path of the request, without the query.</param>
    /// <param name="projectId">The project the request was sent for.</param>
    public SinchResponseTooLargeException(long limitBytes, string method, string path, string? projectId)
        : base($"The response to {method} {path} is larger than the limit of {limitBytes} bytes.", projectId)
    {
        LimitBytes = limitBytes;
        Method = method;
        Path = path;
    }

    /// <summary>The configured cap in bytes.</summary>
    public long LimitBytes { get; }

    /// <summary>The HTTP method of the request.</summary>
    public string Method { get; }

    /// <summary>The path of the request, without the query.</summary>
    public string Path { get; }
}
