using System.Text;
using Microsoft.AspNetCore.Http;

namespace SinchActors.Emulator.Faults;

/// <summary>Sends a 200 status line and part of a JSON body, then kills the connection: the client sees a broken response, not an error status.</summary>
internal sealed class AbortResult : IResult
{
    public static readonly AbortResult Instance = new();

    private static readonly byte[] PartialBody = Encoding.UTF8.GetBytes("{\"partial\":\"the connection is about to be aborted");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = 200;
        httpContext.Response.ContentType = "application/json";
        await httpContext.Response.Body.WriteAsync(PartialBody);
        await httpContext.Response.Body.FlushAsync();
        httpContext.Abort();
    }
}
