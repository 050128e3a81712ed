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
    public static SinchApiException Parse(int statusCode, string? reasonPhrase, ReadOnlySpan<byte> body,
        string method, string path, string? projectId, int maxRawBodyBytes)
    {
        var rawBody = Truncate(body, maxRawBodyBytes);
        var fallbackMessage = body.IsEmpty
            ? $"{reasonPhrase ?? "Error"} (empty body)"
            : $"{reasonPhrase ?? "Error"} (body not in a known error format)";
        var parsed = TryRead(body);
        if (parsed is null)
            return new SinchApiException(statusCode, null, null, fallbackMessage, NoDetails, rawBody, method, path, projectId);

        var (code, statusText, message, details) = parsed.Value;
        return new SinchApiException(statusCode, code, statusText, message ?? fallbackMessage, details, rawBody,
            method, path, projectId);
    }

    private static (string? Code, string? StatusText, string? Message, IReadOnlyList<string> Details)? TryRead(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || !LooksLikeJsonObject(body))
            return null;
        SinchErrorBody? error;
        try
        {
            error = JsonSerializer.Deserialize(body, SinchErrorJsonContext.Default.SinchErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
        if (error is null)
            return null;

        // Shape 1: {"error":{"code":404,"message":"…","status":"NOT_FOUND","details":[…]}}
        if (error.Error.ValueKind == JsonValueKind.Object)
        {
            var inner = error.Error.Deserialize(SinchErrorJsonContext.Default.SinchErrorObject);
            return (Text(inner?.Code), Text(inner?.Status), inner?.Message, DetailTexts(inner?.Details));
        }
        // RFC 6749: {"error":"invalid_client","error_description":"…"}
        if (error.Error.ValueKind == JsonValueKind.String)
            return (error.Error.GetString(), null, error.ErrorDescription, NoDetails);
        // Shape 3: {"errorCode":40400,"message":"…","reference":"…","status":"404 Not Found"}
        if (error.ErrorCode.ValueKind != JsonValueKind.Undefined)
            return (Text(error.ErrorCode), Text(error.Status), error.Message,
                error.Reference is null ? NoDetails : [JsonSerializer.Serialize(error.Reference, SinchErrorJsonContext.Default.String)]);
        // Shape 2: {"code":"…","text":"…"}
        if (error.Code.ValueKind != JsonValueKind.Undefined || error.Text is not null)
            return (Text(error.Code), null, error.Text ?? error.Message, NoDetails);
        // Shape 4: {"type":"…","title":"…","detail":"…"}
        if (error.Type is not null || error.Title is not null || error.Detail is not null)
            return (error.Type, error.Title, error.Detail ?? error.Title, NoDetails);
        return (null, Text(error.Status), error.Message, NoDetails);
    }

    private static bool LooksLikeJsonObject(ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        return !trimmed.IsEmpty && trimmed[0] == (byte)'{';
    }

    private static string? Text(JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.String => element.Value.GetString(),
        JsonValueKind.Number => element.Value.GetRawText(),
        _ => null,
    };

    private static IReadOnlyList<string> DetailTexts(List<JsonElement>? details)
    {
        if (details is null || details.Count == 0)
            return NoDetails;
        var texts = new string[details.Count];
        for (var i = 0; i < texts.Length; i++)
            texts[i] = details[i].GetRawText();
        return texts;
    }

    private static string Truncate(ReadOnlySpan<byte> body, int maxBytes)
    {
        if (body.Length <= maxBytes)
            return Encoding.UTF8.GetString(body);
        return Encoding.UTF8.GetString(body[..maxBytes]) + "…";
    }
}
