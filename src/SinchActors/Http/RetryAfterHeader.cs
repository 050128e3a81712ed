using System.Net.Http.Headers;

namespace SinchActors.Http;

/// <summary>Reads <c>Retry-After</c> the same way for the token endpoint and the APIs.</summary>
internal static class RetryAfterHeader
{
    /// <summary>
    /// The wait the server asks for: the delta, or the time until the date (never negative). A date is measured
    /// against the response's own <c>Date</c> when it has one, so a skewed local clock does not stretch or cut the
    /// wait; otherwise against <paramref name="time"/>.
    /// </summary>
    /// <returns><c>null</c> when the response has no usable <c>Retry-After</c>.</returns>
    public static TimeSpan? Wait(HttpResponseHeaders headers, TimeProvider time)
    {
        var header = headers.RetryAfter;
        if (header is null)
            return null;
        if (header.Delta is { } delta)
            return delta;
        if (header.Date is not { } date)
            return null;
        var wait = date - (headers.Date ?? time.GetUtcNow());
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }
}
