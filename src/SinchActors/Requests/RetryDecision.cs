using Polly.CircuitBreaker;
using Polly.Timeout;

namespace SinchActors.Requests;

/// <summary>What happens after one attempt.</summary>
internal enum RetryStep
{
    /// <summary>Answer the request with the attempt's response or error.</summary>
    Complete,
    /// <summary>Answer with <see cref="SinchDeadlineExceededException"/>: the retry would not fit before the deadline.</summary>
    CompleteDeadlineExceeded,
    /// <summary>Send the next attempt after <see cref="RetryDecision.Delay"/>.</summary>
    RetryAfter,
    /// <summary>The token was rejected (401): report it and send the next attempt at once with a newer token.</summary>
    RefreshCredentialsAndRetry,
}

/// <summary>How an attempt that got no HTTP answer failed, as far as a retry is concerned.</summary>
internal enum AttemptFailure
{
    /// <summary>The attempt got an HTTP answer (see <see cref="AttemptResult.Status"/>).</summary>
    None,
    /// <summary>Nothing reached the server (connection refused or never made, name not resolved): safe to send again.</summary>
    NotSent,
    /// <summary>The request may have been processed (connection lost, attempt timed out).</summary>
    MaybeSent,
    /// <summary>Sending again cannot help (circuit open, response too large, cancelled, deadline passed).</summary>
    Final,
}

/// <summary>What one attempt produced, reduced to what the retry rule reads.</summary>
/// <param name="Status">The HTTP status, 0 when there was none.</param>
/// <param name="RetryAfter">The server's <c>Retry-After</c>, when it sent one.</param>
/// <param name="Failure">How the attempt failed when there was no HTTP answer.</param>
internal readonly record struct AttemptResult(int Status, TimeSpan? RetryAfter = null, AttemptFailure Failure = AttemptFailure.None)
{
    public static AttemptResult Failed(AttemptFailure failure) => new(0, null, failure);

    /// <summary>
    /// Set by <see cref="RetryDecision.Classify"/>: the failure without an answer was the server's trouble, which
    /// <see cref="RetryDecision.CountsAgainstCircuit"/> counts.
    /// </summary>
    public bool ServerTrouble { get; init; }
}

/// <summary>The request's progress as far as the retry rule reads it.</summary>
/// <param name="Idempotent">Whether the request may be sent more than once.</param>
/// <param name="Retries">Back-off retries taken so far (the immediate retry after a 401 is not one).</param>
/// <param name="TokenRefreshed">Whether a 401 was already answered with a fresh token.</param>
/// <param name="UntilDeadline">The time left until the request's deadline, measured now.</param>
internal readonly record struct RetryState(bool Idempotent, int Retries, bool TokenRefreshed, TimeSpan UntilDeadline);

/// <summary>The decision: complete, or retry after <see cref="Delay"/>.</summary>
/// <param name="Step">What to do.</param>
/// <param name="Delay">The wait before the next attempt (zero unless <see cref="RetryStep.RetryAfter"/>).</param>
/// <param name="Reason">Why, for logs and traces.</param>
internal readonly record struct RetryDecision(RetryStep Step, TimeSpan Delay, string Reason)
{
    /// <summary>What a failure without an HTTP answer says about whether the request reached the server.</summary>
    /// <param name="error">The failure.</param>
    /// <param name="cancelledByCaller">Whether the request's caller cancelled it.</param>
    public static AttemptResult Classify(Exception error, bool cancelledByCaller) => error switch
    {
        SinchException or BrokenCircuitException => AttemptResult.Failed(AttemptFailure.Final),
        OperationCanceledException when cancelledByCaller => AttemptResult.Failed(AttemptFailure.Final),
        TimeoutRejectedException => ServerTrouble(AttemptFailure.MaybeSent),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } =>
            ServerTrouble(AttemptFailure.NotSent),
        // SocketsHttpHandler's connect-timeout: no connection was made, so nothing was sent.
        OperationCanceledException { InnerException: TimeoutException } => AttemptResult.Failed(AttemptFailure.NotSent),
        HttpRequestException or IOException => ServerTrouble(AttemptFailure.MaybeSent),
        _ => AttemptResult.Failed(AttemptFailure.Final),
    };

    /// <summary>
    /// Whether an attempt counts against its host's circuit breaker: server trouble does (a 5xx; a connection refused
    /// or lost, a name not resolved, the attempt timed out); throttling, client errors, a connect timeout, an open
    /// circuit and the caller's cancellation do not.
    /// </summary>
    public static bool CountsAgainstCircuit(in AttemptResult result) => result.Status >= 500 || result.ServerTrouble;

    private static AttemptResult ServerTrouble(AttemptFailure failure) => AttemptResult.Failed(failure) with { ServerTrouble = true };

    /// <summary>
    /// The one retry rule of the runtime: a pure function of the request's state, the attempt's result, the
    /// settings and a random number. Deadlines are checked here and nowhere else in the retry path.
    /// <list type="table">
    /// <listheader><term>outcome</term><description>idempotent / POST, PATCH</description></listheader>
    /// <item><term>2xx</term><description>complete</description></item>
    /// <item><term>401, first time</term><description>refresh credentials and retry at once (the request was refused unprocessed)</description></item>
    /// <item><term>401 on a fresh token, 403, other 4xx</term><description>complete, not retried</description></item>
    /// <item><term>429</term><description>retried / retried (throttled requests are not processed)</description></item>
    /// <item><term>503 with Retry-After</term><description>retried / retried (the server says it did not process it)</description></item>
    /// <item><term>other 5xx, 408</term><description>retried / complete (it may have been processed)</description></item>
    /// <item><term>never sent (connection refused or not made, name not resolved)</term><description>retried / retried</description></item>
    /// <item><term>connection lost, attempt timed out</term><description>retried / complete</description></item>
    /// <item><term>circuit open, response too large, cancelled</term><description>complete</description></item>
    /// </list>
    /// A retry waits <c>base · 2^(retries)</c> capped by <c>backoff-max</c>, with equal jitter (half fixed, half
    /// <paramref name="random"/>), or the server's longer <c>Retry-After</c>; none is taken past <c>max-retries</c>,
    /// and a wait that would reach the deadline completes with <see cref="RetryStep.CompleteDeadlineExceeded"/>.
    /// </summary>
    /// <param name="state">The request's progress, with the time left measured now.</param>
    /// <param name="result">What the attempt produced.</param>
    /// <param name="settings">Max retries and back-off.</param>
    /// <param name="random">A number in [0, 1) for the jitter; tests pass a constant.</param>
    public static RetryDecision Decide(in RetryState state, in AttemptResult result, SinchRequestSettings settings, Func<double> random)
    {
        if (result.Failure == AttemptFailure.None)
        {
            switch (result.Status)
            {
                case >= 200 and < 300:
                    return Done("success");
                case 401 when state.TokenRefreshed:
                    return Done("401 with a fresh token");
                case 401:
                    return state.UntilDeadline > TimeSpan.Zero
                        ? new(RetryStep.RefreshCredentialsAndRetry, TimeSpan.Zero, "401: token rejected")
                        : new(RetryStep.CompleteDeadlineExceeded, TimeSpan.Zero, "401 at the deadline");
                case 429:
                    return Backoff(state, result, settings, random, "429 throttled");
                case 503 when result.RetryAfter is not null:
                    return Backoff(state, result, settings, random, "503 with Retry-After");
                case 408 or >= 500:
                    return state.Idempotent ? Backoff(state, result, settings, random, $"{result.Status}") : Done($"{result.Status} on a non-idempotent request");
                default:
                    return Done($"{result.Status}");
            }
        }
        return result.Failure switch
        {
            AttemptFailure.NotSent => Backoff(state, result, settings, random, "not sent"),
            AttemptFailure.MaybeSent when state.Idempotent => Backoff(state, result, settings, random, "no answer"),
            AttemptFailure.MaybeSent => Done("no answer on a non-idempotent request"),
            _ => Done("final failure"),
        };
    }

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (1-based): exponential with equal jitter, capped by
    /// <paramref name="max"/>; a longer <paramref name="retryAfter"/> wins.
    /// </summary>
    public static TimeSpan BackoffDelay(int retry, TimeSpan baseDelay, TimeSpan max, TimeSpan? retryAfter, double random) =>
        Resilience.Backoff.HonourRetryAfter(Resilience.Backoff.EqualJitter(retry, baseDelay, max, random), retryAfter, TimeSpan.MaxValue);

    private static RetryDecision Backoff(in RetryState state, in AttemptResult result, SinchRequestSettings settings, Func<double> random, string reason)
    {
        if (state.Retries >= settings.MaxRetries)
            return Done($"{reason}; {settings.MaxRetries} retries used");
        var delay = BackoffDelay(state.Retries + 1, settings.BackoffBase, settings.BackoffMax, result.RetryAfter, random());
        return delay < state.UntilDeadline
            ? new(RetryStep.RetryAfter, delay, reason)
            : new(RetryStep.CompleteDeadlineExceeded, TimeSpan.Zero, $"{reason}; the wait of {delay} passes the deadline");
    }

    private static RetryDecision Done(string reason) => new(RetryStep.Complete, TimeSpan.Zero, reason);
}
