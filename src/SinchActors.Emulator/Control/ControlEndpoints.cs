using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SinchActors.Emulator.Faults;
using SinchActors.Emulator.Http;

namespace SinchActors.Emulator.Control;

/// <summary><c>/_emulator/*</c>: read and change faults, read and reset counters, over HTTP (no auth: it is a test tool on loopback).</summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        var control = app.MapGroup("/_emulator");
        control.MapGet("/faults", () => TypedResults.Json(state.Faults.Current, EmulatorJsonContext.Default.FaultSettings));
        control.MapPut("/faults", async (HttpContext context) =>
        {
            var settings = await JsonBody.ReadAsync(context, EmulatorJsonContext.Default.FaultSettings);
            if (settings is null) return Results.BadRequest();
            try
            {
                state.Faults.Set(settings);
            }
            catch (ArgumentException e)
            {
                return Results.Text(e.Message, statusCode: 400);
            }
            return TypedResults.Json(state.Faults.Current, EmulatorJsonContext.Default.FaultSettings);
        });
        control.MapDelete("/faults", () =>
        {
            state.Faults.Clear();
            return Results.NoContent();
        });
        control.MapGet("/stats", () => TypedResults.Json(state.Stats.Snapshot(), EmulatorJsonContext.Default.StatsSnapshot));
        control.MapPost("/stats/reset", () =>
        {
            state.Stats.Reset();
            return Results.NoContent();
        });
    }
}
