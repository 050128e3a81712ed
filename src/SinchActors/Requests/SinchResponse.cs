using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SinchActors.Requests;

/// <summary>A successful (2xx) answer of a Sinch API, with its body fully read.</summary>
public sealed class SinchResponse
{
    internal SinchResponse(HttpStatusCode statusCode, HttpResponseHeaders headers, HttpContentHeaders contentHeaders,
        ReadOnlyMemory<byte> body, int attempts)
    {
        StatusCode = statusCode;
        Headers = headers;
        ContentHeaders = contentHeaders;
        Body = body;
        Attempts = attempts;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The response headers.</summary>
    public HttpResponseHeaders Headers { get; }

    /// <summary>The content headers (content type, length).</summary>
    public HttpContentHeaders ContentHeaders { get; }

    /// <summary>The body bytes; empty when there was none.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>How many attempts were sent, 1 when the first succeeded.</summary>
    public int Attempts { get; }

    /// <summary>Deserializes the body with a source-generated contract.</summary>
    /// <typeparam name="T">The body's type.</typeparam>
    /// <param name="typeInfo">The source-generated contract of <typeparamref name="T"/>.</param>
    /// <exception cref="JsonException">The body is empty or not valid JSON for <typeparamref name="T"/>.</exception>
    public T Deserialize<T>(JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(Body.Span, typeInfo) ?? throw new JsonException($"The response body is JSON null, not a {typeof(T).Name}.");
}
