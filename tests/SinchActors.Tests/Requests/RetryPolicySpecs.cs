using System.Net;
using System.Net.Sockets;
using Polly.Timeout;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

public class RetryPolicySpecs
{
    [Theory]
    [InlineData(200, true, false, false, "Succeeded")]
    [InlineData(204, false, false, false, "Succeeded")]
    [InlineData(500, true, false, false, "Retry")]
    [InlineData(500, false, false, false, "Failed")]
    [InlineData(502, false, false, false, "Failed")]
    [InlineData(503, false, false, false, "Failed")]
    [InlineData(503, false, true, false, "Retry")]
    [InlineData(429, false, false, false, "Retry")]
    [InlineData(429, true, false, false, "Retry")]
    [InlineData(401, false, false, false, "RetryWithFreshToken")]
    [InlineData(401, true, false, true, "Failed")]
    [InlineData(403, true, false, false, "Failed")]
    [InlineData(404, true, false, false, "Failed")]
    [InlineData(408, true, false, false, "Retry")]
    [InlineData(408, false, false, false, "Failed")]
    public void Status_table(int status, bool idempotent, bool retryAfter, bool tokenRefreshed, string expected) =>
        Assert.Equal(expected, RetryPolicy.ForStatus(status, idempotent, retryAfter, tokenRefreshed).ToString());

    [Fact]
    public void Connection_refused_proves_nothing_was_sent_so_even_a_post_is_retried()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));
        Assert.True(RetryPolicy.ProvablyNotSent(refused));
        Assert.True(RetryPolicy.IsRetryableTransportFailure(refused, idempotent: false));
    }

    [Fact]
    public void A_broken_response_or_a_timeout_is_retried_only_for_idempotent_requests()
    {
        var ended = new HttpRequestException(HttpRequestError.ResponseEnded, "ended");
        var timeout = new TimeoutRejectedException();
        Assert.True(RetryPolicy.IsRetryableTransportFailure(ended, idempotent: true));
        Assert.False(RetryPolicy.IsRetryableTransportFailure(ended, idempotent: false));
        Assert.True(RetryPolicy.IsRetryableTransportFailure(timeout, idempotent: true));
        Assert.False(RetryPolicy.IsRetryableTransportFailure(timeout, idempotent: false));
    }

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

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_within_the_cap()
    {
        var baseDelay = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromMilliseconds(350);
        for (var i = 0; i < 100; i++)
        {
            var first = RetryPolicy.Backoff(1, baseDelay, max, null);
            var third = RetryPolicy.Backoff(3, baseDelay, max, null);
            Assert.InRange(first.TotalMilliseconds, 50, 100);
            Assert.InRange(third.TotalMilliseconds, 175, 350);
        }
    }

    [Fact]
    public void A_longer_retry_after_wins_over_the_backoff()
    {
        var delay = RetryPolicy.Backoff(1, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(7), delay);
    }
}
