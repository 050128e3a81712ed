using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace SinchActors.Emulator.Http;

/// <summary>Reads request bodies with source-generated metadata; malformed JSON becomes null so each API answers in its own error shape.</summary>
internal static class JsonBody
{
    public static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
