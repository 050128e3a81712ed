using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>The one retry rule, pinned: every row gives an exact step and an exact delay.</summary>
public class RetryDecisionSpecs
{
    // base 100ms, max 1s, 3 retries: retry n waits 100·2^(n-1) ms capped at 1000, half of it fixed, half jitter.
    private static readonly SinchRequestSettings Settings = SinchRequestSettings.Default with
    {
        BackoffBase = TimeSpan.FromMilliseconds(100),
        BackoffMax = TimeSpan.FromSeconds(1),
        MaxRetries = 3,
    };

    private static readonly TimeSpan Plenty = TimeSpan.FromSeconds(30);

    [Theory]
    // status, idempotent, retries so far, token refreshed, Retry-After (ms, -1 none), random, → step, delay (ms)
    [InlineData(200, true, 0, false, -1, 0.5, "Complete", 0)]
    [InlineData(204, false, 0, false, -1, 0.5, "Complete", 0)]
    [InlineData(500, true, 0, false, -1, 0.0, "RetryAfter", 50)]
    [InlineData(500, true, 0, false, -1, 0.5, "RetryAfter", 75)]
    [InlineData(500, true, 1, false, -1, 0.5, "RetryAfter", 150)]
    [InlineData(500, true, 2, false, -1, 1.0, "RetryAfter", 400)]
    [InlineData(500, true, 3, false, -1, 0.5, "Complete", 0)] // max-retries used
    [InlineData(500, false, 0, false, -1, 0.5, "Complete", 0)] // a POST may have been processed
    [InlineData(502, false, 0, false, -1, 0.5, "Complete", 0)]
    [InlineData(503, false, 0, false, -1, 0.5, "Complete", 0)]
    [InlineData(503, false, 0, false, 2000, 0.5, "RetryAfter", 2000)] // the server says it did not process it
    [InlineData(503, true, 0, false, 10, 0.5, "RetryAfter", 75)] // a shorter Retry-After loses to the back-off
    [InlineData(429, false, 0, false, -1, 0.5, "RetryAfter", 75)]
    [InlineData(429, true, 1, false, 7000, 0.0, "RetryAfter", 7000)]
    [InlineData(401, false, 0, false, -1, 0.5, "RefreshCredentialsAndRetry", 0)]
    [InlineData(401, true, 0, true, -1, 0.5, "Complete", 0)] // a second 401 is final
    [InlineData(401, true, 3, false, -1, 0.5, "RefreshCredentialsAndRetry", 0)] // not counted as a back-off retry
    [InlineData(403, true, 0, false, -1, 0.5, "Complete", 0)]
    [InlineData(404, true, 0, false, -1, 0.5, "Complete", 0)]
    [InlineData(408, true, 0, false, -1, 0.5, "RetryAfter", 75)]
    [InlineData(408, false, 0, false, -1, 0.5, "Complete", 0)]
    public void Status_table(int status, bool idempotent, int retries, bool tokenRefreshed, int retryAfterMs, double random,
        string step, int delayMs)
    {
        var retryAfter = retryAfterMs < 0 ? (TimeSpan?)null : TimeSpan.FromMilliseconds(retryAfterMs);
        var decision = RetryDecision.Decide(new RetryState(idempotent, retries, tokenRefreshed, Plenty),
            new AttemptResult(status, retryAfter), Settings, () => random);

        Assert.Equal(step, decision.Step.ToString());
        Assert.Equal(TimeSpan.FromMilliseconds(delayMs), decision.Delay);
    }

    [Theory]
    [InlineData("NotSent", false, "RetryAfter", 75)] // nothing reached the server: even a POST is sent again
    [InlineData("NotSent", true, "RetryAfter", 75)]
    [InlineData("MaybeSent", true, "RetryAfter", 75)]
    [InlineData("MaybeSent", false, "Complete", 0)]
    [InlineData("Final", true, "Complete", 0)]
    public void Failures_without_an_answer(string failure, bool idempotent, string step, int delayMs)
    {
        var decision = RetryDecision.Decide(new RetryState(idempotent, 0, false, Plenty),
            AttemptResult.Failed(Enum.Parse<AttemptFailure>(failure)), Settings, () => 0.5);

        Assert.Equal(step, decision.Step.ToString());
        Assert.Equal(TimeSpan.FromMilliseconds(delayMs), decision.Delay);
    }

    [Theory]
    [InlineData(76, "RetryAfter")]
    [InlineData(75, "CompleteDeadlineExceeded")] // the wait would end exactly at the deadline: not taken
    [InlineData(10, "CompleteDeadlineExceeded")]
    public void A_wait_that_reaches_the_deadline_is_not_taken(int untilDeadlineMs, string step)
    {
        var decision = RetryDecision.Decide(new RetryState(true, 0, false, TimeSpan.FromMilliseconds(untilDeadlineMs)),
            new AttemptResult(500), Settings, () => 0.5);
        Assert.Equal(step, decision.Step.ToString());
    }

    [Fact]
    public void A_401_at_the_deadline_completes_instead_of_refreshing() =>
        Assert.Equal(RetryStep.CompleteDeadlineExceeded,
            RetryDecision.Decide(new RetryState(true, 0, false, TimeSpan.Zero), new AttemptResult(401), Settings, () => 0.5).Step);

    [Theory]
    [InlineData(1, 0.0, 50)]
    [InlineData(1, 0.999, 99.95)]
    [InlineData(4, 0.5, 600)] // 800 → 400 fixed + 200 jitter
    [InlineData(5, 0.5, 750)] // 1600 capped at 1000
    [InlineData(60, 0.0, 500)] // no overflow far past the cap
    public void Backoff_delays_are_exact_for_a_given_random_number(int retry, double random, double expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs),
            RetryDecision.BackoffDelay(retry, Settings.BackoffBase, Settings.BackoffMax, null, random));

    [Fact]
    public void Connection_refused_proves_nothing_was_sent_and_a_lost_response_or_timeout_may_have_been_processed()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal(AttemptFailure.NotSent, Failure(refused));
        Assert.Equal(AttemptFailure.NotSent, Failure(new HttpRequestException(HttpRequestError.NameResolutionError, "dns")));
        Assert.Equal(AttemptFailure.NotSent, Failure(new TaskCanceledException("connect", new TimeoutException())));
        Assert.Equal(AttemptFailure.MaybeSent, Failure(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));
        Assert.Equal(AttemptFailure.MaybeSent, Failure(new TimeoutRejectedException()));
        Assert.Equal(AttemptFailure.MaybeSent, Failure(new IOException("reset")));
        Assert.Equal(AttemptFailure.Final, Failure(new BrokenCircuitException()));
        Assert.Equal(AttemptFailure.Final, Failure(new SinchShutdownException("p")));
        Assert.Equal(AttemptFailure.Final, RetryDecision.Classify(new TaskCanceledException("caller", new TimeoutException()), cancelledByCaller: true).Failure);
    }

    [Fact]
    public void Server_trouble_counts_against_the_circuit_and_throttling_client_errors_and_cancellation_do_not()
    {
        Assert.True(RetryDecision.CountsAgainstCircuit(new AttemptResult(500)));
        Assert.True(RetryDecision.CountsAgainstCircuit(new AttemptResult(503, TimeSpan.FromSeconds(1))));
        Assert.True(Counts(new HttpRequestException(HttpRequestError.ConnectionError, "refused")));
        Assert.True(Counts(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));
        Assert.True(Counts(new TimeoutRejectedException()));
        Assert.True(Counts(new IOException("reset")));

        Assert.False(RetryDecision.CountsAgainstCircuit(new AttemptResult(200)));
        Assert.False(RetryDecision.CountsAgainstCircuit(new AttemptResult(429)));
        Assert.False(RetryDecision.CountsAgainstCircuit(new AttemptResult(401)));
        Assert.False(Counts(new TaskCanceledException("connect", new TimeoutException())));
        Assert.False(Counts(new BrokenCircuitException()));
        Assert.False(Counts(new SinchResponseTooLargeException(10, "GET", "/x", "p")));
        Assert.False(RetryDecision.CountsAgainstCircuit(RetryDecision.Classify(new OperationCanceledException(), cancelledByCaller: true)));
    }

    private static AttemptFailure Failure(Exception error) => RetryDecision.Classify(error, cancelledByCaller: false).Failure;

    private static bool Counts(Exception error) => RetryDecision.CountsAgainstCircuit(RetryDecision.Classify(error, cancelledByCaller: false));

    [Fact]
    public void Methods_that_are_idempotent_by_definition_and_marked_posts()
    {
        SinchRequest Of(HttpMethod method) => new(method, "p", SinchApiFamily.AccessKeys, "/x");
        Assert.All(new[] { HttpMethod.Get, HttpMethod.Head, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options },
            m => Assert.True(Of(m).IsIdempotent));
        Assert.False(Of(HttpMethod.Post).IsIdempotent);
        Assert.False(Of(HttpMethod.Patch).IsIdempotent);
        Assert.True((Of(HttpMethod.Post) with { Idempotent = true }).IsIdempotent);
    }
}
