using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using SinchActors.Emulator.Http;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator.Faults;

/// <summary>Turns a failing <see cref="FaultRule"/> into the answer for one request.</summary>
internal static class FaultResults
{
    public static IResult Create(FaultRule rule, RouteKind route, EmulatorStats stats)
    {
        stats.FaultInjected();
        switch (rule.Kind)
        {
            case FaultKind.Abort:
                return AbortResult.Instance;
            case FaultKind.Unauthorized:
                stats.Unauthorized401(UnauthorizedReason.Spurious);
                return route == RouteKind.Token
                    ? ApiErrors.OAuth(401, "invalid_client", "Client authentication failed (injected).", "WWW-Authenticate", "Basic realm=\"Sinch\"")
                    : ApiErrors.For(route, 401, "Invalid token (injected).", "WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"Invalid token\"");
            default:
                return Error(rule, route);
        }
    }

    private static BytesResult Error(FaultRule rule, RouteKind route)
    {
        var status = rule.StatusCode;
        string? retryHeader = rule.RetryAfterSeconds is null ? null : "Retry-After";
        var retryValue = rule.RetryAfterSeconds?.ToString(CultureInfo.InvariantCulture);
        return rule.Body switch
        {
            FaultBody.Empty => new BytesResult(status, null, [], retryHeader, retryValue),
            FaultBody.Html => new BytesResult(status, "text/html; charset=utf-8", HtmlPage(status), retryHeader, retryValue),
            FaultBody.Raw => new BytesResult(status, rule.ContentType ?? "application/json", Encoding.UTF8.GetBytes(rule.RawBody ?? ""), retryHeader, retryValue),
            _ => ApiErrors.For(route, status, $"Injected fault: HTTP {status}.", retryHeader, retryValue),
        };
    }

    private static byte[] HtmlPage(int status) => Encoding.UTF8.GetBytes(
        $"<html>\r\n<head><title>{status} Error</title></head>\r\n<body>\r\n<center><h1>{status} Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
}
