using System.Net.Http;
using Polly.Timeout;

namespace SinchActors.Requests;

/// <summary>What the pipeline does after one attempt.</summary>
internal enum AttemptVerdict
{
    /// <summary>Answer with the response.</summary>
    Succeeded,
    /// <summary>Answer with the error; trying again would not help or could repeat a side effect.</summary>
    Failed,
    /// <summary>Try again after back-off (or Retry-After), if retries and deadline allow.</summary>
    Retry,
    /// <summary>The token was rejected (401): report it and try again at once with the next token.</summary>
    RetryWithFreshToken,
}

/// <summary>
/// The idempotency table: which outcomes are retried for which requests. A request is idempotent when its method is
/// GET, HEAD, PUT, DELETE or OPTIONS, or when the caller marked it so.
/// <list type="table">
/// <listheader><term>outcome</term><description>idempotent / POST, PATCH</description></listheader>
/// <item><term>2xx</term><description>succeeded</description></item>
/// <item><term>401, first time</term><description>retry at once with a fresh token (the request was refused unprocessed)</description></item>
/// <item><term>401 on a fresh token, 403, other 4xx</term><description>failed, not retried</description></item>
/// <item><term>429</term><description>retried / retried (throttled requests are not processed)</description></item>
/// <item><term>503 with Retry-After</term><description>retried / retried (the server says it did not process it)</description></item>
/// <item><term>other 5xx, 408</term><description>retried / failed (it may have been processed)</description></item>
/// <item><term>connection refused, name resolution failed</term><description>retried / retried (nothing was sent)</description></item>
/// <item><term>other connection errors, per-attempt timeout</term><description>retried / failed</description></item>
/// <item><term>circuit open, response too large</term><description>failed</description></item>
/// </list>
/// </summary>
internal static class RetryPolicy
{
    public static AttemptVerdict ForStatus(int status, bool idempotent, bool hasRetryAfter, bool tokenRefreshed) => status switch
    {
        >= 200 and < 300 => AttemptVerdict.Succeeded,
        401 => tokenRefreshed ? AttemptVerdict.Failed : AttemptVerdict.RetryWithFreshToken,
        429 => AttemptVerdict.Retry,
        503 when hasRetryAfter => AttemptVerdict.Retry,
        408 or >= 500 => idempotent ? AttemptVerdict.Retry : AttemptVerdict.Failed,
        _ => AttemptVerdict.Failed,
    };

    /// <summary>Whether a failure without a response proves the request never reached the server.</summary>
    public static bool ProvablyNotSent(Exception error) =>
        error is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    /// <summary>Whether a failure without a response is worth another attempt for this request.</summary>
    public static bool IsRetryableTransportFailure(Exception error, bool idempotent) =>
        ProvablyNotSent(error) ||
        (idempotent && error is HttpRequestException or TimeoutRejectedException or IOException);

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (1-based): exponential with equal jitter, capped by
    /// <paramref name="max"/>; a longer <paramref name="retryAfter"/> wins.
    /// </summary>
    public static TimeSpan Backoff(int retry, TimeSpan baseDelay, TimeSpan max, TimeSpan? retryAfter)
    {
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1));
        var capped = Math.Min(exponential, max.TotalMilliseconds);
        var jittered = TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
        return retryAfter is { } serverSays && serverSays > jittered ? serverSays : jittered;
    }
}
