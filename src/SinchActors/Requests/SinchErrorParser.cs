using System.Text;
using System.Text.Json;

namespace SinchActors.Requests;

/// <summary>Turns an error response into a <see cref="SinchApiException"/>, whatever shape its body has.</summary>
internal static class SinchErrorParser
{
    private static readonly IReadOnlyList<string> NoDetails = [];

    /// <summary>Parses an error response.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="reasonPhrase">The HTTP reason phrase, used when the body says nothing.</param>
    /// <param name="body">The response body.</param>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's path.</param>
    /// <param name="projectId">The request's project.</param>
    /// <param name="maxRawBodyBytes">How much of the body to keep as raw text.</param>
    /// <param name="ids">The response's <c>Retry-After</c> and request ID, and the call's trace ID.</param>
    public static SinchApiException Parse(int statusCode, string? reasonPhrase, ReadOnlySpan<byte> body,
        string method, string path, string? projectId, int maxRawBodyBytes, ErrorContext ids = default)
    {
        var rawBody = Truncate(body, maxRawBodyBytes);
        var fallbackMessage = body.IsEmpty
            ? $"{reasonPhrase ?? "Error"} (empty body)"
            : $"{reasonPhrase ?? "Error"} (body not in a known error format)";
        var (code, statusText, message, details) = TryRead(body) ?? (null, null, null, NoDetails);
        return new SinchApiException(statusCode, code, statusText, message ?? fallbackMessage, details, rawBody,
            method, path, projectId) { RetryAfter = ids.RetryAfter, RequestId = ids.RequestId, TraceId = ids.TraceId };
    }

    /// <summary>
    /// Reads the fields of Sinch's error shapes with whatever JSON types they arrive in; a field of an unexpected type
    /// is left out rather than failing the read. <c>null</c> when the body is not a JSON object.
    /// </summary>
    private static (string? Code, string? StatusText, string? Message, IReadOnlyList<string> Details)? TryRead(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || !LooksLikeJsonObject(body))
            return null;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using var document = JsonDocument.ParseValue(ref reader);
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static (string? Code, string? StatusText, string? Message, IReadOnlyList<string> Details)? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        var error = Property(root, "error");
        // Shape 1: {"error":{"code":404,"message":"…","status":"NOT_FOUND","details":[…]}}
        if (error.ValueKind == JsonValueKind.Object)
            return (Text(Property(error, "code")), Text(Property(error, "status")), String(Property(error, "message")), DetailTexts(Property(error, "details")));
        // RFC 6749: {"error":"invalid_client","error_description":"…"}
        if (error.ValueKind == JsonValueKind.String)
            return (error.GetString(), null, String(Property(root, "error_description")), NoDetails);
        // Shape 3: {"errorCode":40400,"message":"…","reference":"…","status":"404 Not Found"}
        var errorCode = Property(root, "errorCode");
        var message = String(Property(root, "message"));
        if (errorCode.ValueKind != JsonValueKind.Undefined)
        {
            var reference = Property(root, "reference");
            return (Text(errorCode), Text(Property(root, "status")), message,
                reference.ValueKind == JsonValueKind.Undefined ? NoDetails : [reference.GetRawText()]);
        }
        // Shape 2: {"code":"…","text":"…"}
        var code = Property(root, "code");
        var text = String(Property(root, "text"));
        if (code.ValueKind != JsonValueKind.Undefined || text is not null)
            return (Text(code), null, text ?? message, NoDetails);
        // Shape 4: {"type":"…","title":"…","detail":"…"}
        var (type, title, detail) = (String(Property(root, "type")), String(Property(root, "title")), String(Property(root, "detail")));
        if (type is not null || title is not null || detail is not null)
            return (type, title, detail ?? title, NoDetails);
        return (null, Text(Property(root, "status")), message, NoDetails);
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static bool LooksLikeJsonObject(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'{';
    }

    /// <summary>A field that is text: a string, nothing else.</summary>
    private static string? String(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    /// <summary>A field that is a code or a status: a string or a number, as sent.</summary>
    private static string? Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };

    /// <summary>The details as raw JSON texts: each element of an array, or the one value sent where an array belongs.</summary>
    private static IReadOnlyList<string> DetailTexts(JsonElement details)
    {
        switch (details.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return NoDetails;
            case JsonValueKind.Array:
                var texts = new List<string>(details.GetArrayLength());
                foreach (var detail in details.EnumerateArray())
                    texts.Add(detail.GetRawText());
                return texts;
            default:
                return [details.GetRawText()];
        }
    }

    private static string Truncate(ReadOnlySpan<byte> body, int maxBytes)
    {
        if (body.Length <= maxBytes)
            return Encoding.UTF8.GetString(body);
        return Encoding.UTF8.GetString(body[..maxBytes]) + "…";
    }
}

/// <summary>What identifies a failed call beyond its body: the server's <c>Retry-After</c> and request ID, and the call's trace ID.</summary>
internal readonly record struct ErrorContext(TimeSpan? RetryAfter, string? RequestId, string? TraceId);
