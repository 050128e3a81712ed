using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SinchActors.Emulator.Faults;
using SinchActors.Emulator.Http;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Control;

/// <summary><c>/_emulator/*</c>: read and change faults, read and reset counters, over HTTP (no auth: it is a test tool on loopback).</summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, FaultInjector faults, EmulatorStats stats)
    {
        var control = app.MapGroup("/_emulator");
        control.MapGet("/faults", () => TypedResults.Json(faults.Current, ControlJsonContext.Default.FaultSettings));
        control.MapPut("/faults", async (HttpContext context) =>
        {
            var settings = await JsonBody.ReadAsync(context, ControlJsonContext.Default.FaultSettings);
            if (settings is null) return Results.BadRequest();
            try
            {
                faults.Set(settings);
            }
            catch (ArgumentException e)
            {
                return Results.Text(e.Message, statusCode: 400);
            }
            return TypedResults.Json(faults.Current, ControlJsonContext.Default.FaultSettings);
        });
        control.MapDelete("/faults", () =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        control.MapGet("/stats", () => TypedResults.Json(stats.Snapshot(), ControlJsonContext.Default.StatsSnapshot));
        control.MapPost("/stats/reset", () =>
        {
            stats.Reset();
            return Results.NoContent();
        });
    }
}

/// <summary>Source-generated serializers for the control bodies: enums by name, unset fields left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(FaultSettings))]
[JsonSerializable(typeof(StatsSnapshot))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
