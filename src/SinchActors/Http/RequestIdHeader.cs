using System.Net.Http.Headers;

namespace SinchActors.Http;

/// <summary>
/// Reads the ID a server's front end gave a request. Sinch does not document one header for every API, so the usual
/// names are tried in order.
/// </summary>
internal static class RequestIdHeader
{
    private static readonly string[] Names = ["X-Request-Id", "Request-Id", "X-Correlation-Id"];

    /// <returns>The first value of the first of the names present; <c>null</c> when none is.</returns>
    public static string? Read(HttpResponseHeaders headers)
    {
        foreach (var name in Names)
        {
            if (headers.NonValidated.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                    return value;
            }
        }
        return null;
    }
}
