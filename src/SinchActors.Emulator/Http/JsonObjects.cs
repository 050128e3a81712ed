using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SinchActors.Emulator.Http;

/// <summary>
/// Resources kept as the JSON objects clients sent (plus what the server sets), so a field the emulator does not know
/// is stored and echoed as a newer Sinch would: clients' forward compatibility can be tested end to end.
/// </summary>
internal static class JsonObjects
{
    /// <summary>The request body as a JSON object; <c>null</c> when it is not valid JSON or not an object.</summary>
    public static async Task<JsonObject?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A 2xx answer with <paramref name="body"/>, serialized now so later changes to the stored object cannot tear it.</summary>
    public static BytesResult Result(JsonNode body, int status = 200)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            body.WriteTo(writer);
        return new BytesResult(status, "application/json", buffer.WrittenSpan.ToArray());
    }

    /// <summary>The text of a string property, or <c>null</c> when it is missing or not a string.</summary>
    public static string? Text(this JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
