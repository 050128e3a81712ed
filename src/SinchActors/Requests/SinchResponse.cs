using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SinchActors.Requests;

/// <summary>
/// A successful (2xx) answer of a Sinch API, with its body fully read. Plain data (status, a header map, bytes), so it
/// can cross the wire inside <see cref="SinchRequestSucceeded"/>.
/// </summary>
public sealed class SinchResponse
{
    private readonly HttpResponseHeaders? _source;
    private readonly HttpContentHeaders? _contentSource;
    private IReadOnlyDictionary<string, string[]>? _headers;

    /// <summary>Creates a response (deserializers and tests; the runtime builds its own).</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="headers">The response and content headers, by name (case-insensitive).</param>
    /// <param name="body">The body bytes; empty when there was none.</param>
    /// <param name="attempts">How many attempts were sent.</param>
    public SinchResponse(HttpStatusCode statusCode, IReadOnlyDictionary<string, string[]>? headers, byte[]? body, int attempts)
    {
        StatusCode = statusCode;
        _headers = headers is null ? Empty : new Dictionary<string, string[]>(headers, StringComparer.OrdinalIgnoreCase);
        Body = body ?? [];
        Attempts = attempts;
    }

    internal SinchResponse(HttpStatusCode statusCode, HttpResponseHeaders headers, HttpContentHeaders contentHeaders, byte[] body, int attempts)
    {
        StatusCode = statusCode;
        _source = headers;
        _contentSource = contentHeaders;
        Body = body;
        Attempts = attempts;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The response and content headers by name (case-insensitive), each with its values; built on first read.</summary>
    public IReadOnlyDictionary<string, string[]> Headers => _headers ??= ToMap(_source!, _contentSource!);

    /// <summary>The body bytes; empty when there was none.</summary>
    public byte[] Body { get; }

    /// <summary>How many attempts were sent, 1 when the first succeeded.</summary>
    public int Attempts { get; }

    /// <summary>The project the request was sent for, when known.</summary>
    internal string? ProjectId { get; init; }

    /// <summary>
    /// For a request that came through an <c>HttpClient</c>: the HTTP answer itself, any status, handed back to the
    /// caller (who disposes it), its body buffered in its content (<see cref="Body"/> is then empty for a 2xx answer).
    /// </summary>
    internal HttpResponseMessage? HttpMessage { get; init; }

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
            if (JsonSerializer.Deserialize(Body, typeInfo) is { } value)
                return value;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new SinchResponseFormatException((int)StatusCode, typeof(T).Name, Body, ProjectId, e);
        }
        throw new SinchResponseFormatException((int)StatusCode, typeof(T).Name, Body, ProjectId, null);
    }

    private static readonly IReadOnlyDictionary<string, string[]> Empty = new Dictionary<string, string[]>();

    private static Dictionary<string, string[]> ToMap(HttpResponseHeaders headers, HttpContentHeaders content)
    {
        var map = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers.NonValidated)
            map[name] = [.. values];
        foreach (var (name, values) in content.NonValidated)
            map[name] = [.. values];
        return map;
    }
}
