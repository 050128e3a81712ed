using System.Text;

namespace SinchActors;

/// <summary>
/// A 2xx response whose body could not be read as the expected type. The request <b>was processed</b>: do not send
/// it again blindly. <see cref="Body"/> keeps the whole body (within <c>max-response-bytes</c>), so nothing the
/// server returned is lost — for example the one-time secret of a created access key. The message never contains
/// the body.
/// </summary>
public sealed class SinchResponseFormatException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status (2xx).</param>
    /// <param name="expectedType">The type the body was to be read as.</param>
    /// <param name="body">The whole response body.</param>
    /// <param name="projectId">The project the request was sent for, when known.</param>
    /// <param name="innerException">The deserializer's error.</param>
    public SinchResponseFormatException(int statusCode, string expectedType, ReadOnlyMemory<byte> body, string? projectId, Exception? innerException)
        : base($"The HTTP {statusCode} response body ({body.Length} bytes) could not be read as {expectedType}; the request was processed.",
            projectId, innerException)
    {
        StatusCode = statusCode;
        ExpectedType = expectedType;
        Body = body;
    }

    /// <summary>The HTTP status (2xx).</summary>
    public int StatusCode { get; }

    /// <summary>The type the body was to be read as.</summary>
    public string ExpectedType { get; }

    /// <summary>The whole response body as received; it may hold secrets, so handle it like the response itself.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary><see cref="Body"/> as UTF-8 text.</summary>
    public string RawBody => Encoding.UTF8.GetString(Body.Span);

    /// <summary>Always <c>true</c>: a 2xx means the server processed the request.</summary>
    public bool WasProcessed => true;
}
