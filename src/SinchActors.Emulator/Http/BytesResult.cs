using Microsoft.AspNetCore.Http;

namespace SinchActors.Emulator.Http;

/// <summary>
/// A pre-serialized answer with at most one extra header (<c>WWW-Authenticate</c> or <c>Retry-After</c>).
/// Exposes its status so the request filter can count it without executing it.
/// </summary>
internal sealed class BytesResult(int statusCode, string? contentType, byte[] body, string? headerName = null, string? headerValue = null)
    : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => statusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        if (headerName is not null) response.Headers[headerName] = headerValue;
        if (body.Length == 0)
        {
            response.ContentLength = 0;
            return Task.CompletedTask;
        }
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
