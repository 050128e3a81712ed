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

    /// <summary>The project the request was sent for, when known.</summary>
    internal string? ProjectId { get; init; }

    /// <summary>Deserializes the body with a source-generated contract.</summary>
    /// <typeparam name="T">The body's type.</typeparam>
    /// <param name="typeInfo">The source-generated contract of <typeparamref name="T"/>.</param>
    /// <exception cref="SinchResponseFormatException">
    /// The body is empty, JSON null or not valid JSON for <typeparamref name="T"/>; it carries the whole body.
    /// </exception>
    public T Deserialize<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            if (JsonSerializer.Deserialize(Body.Span, typeInfo) is { } value)
                return value;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new SinchResponseFormatException((int)StatusCode, typeof(T).Name, Body, ProjectId, e);
        }
        throw new SinchResponseFormatException((int)StatusCode, typeof(T).Name, Body, ProjectId, null);
    }
}
