using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using SinchActors.Http;

namespace SinchActors.Tests.Http;

/// <summary>The Retry-After reader and the size-capped body reader shared by the token client and the request pipeline.</summary>
public class HttpHelperSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Retry_after_is_read_as_a_delta_or_as_a_date_measured_on_the_servers_own_clock()
    {
        var localClockAnHourAhead = new FakeTimeProvider(Now.AddHours(1));
        using var delta = new HttpResponseMessage { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)) } };
        using var date = new HttpResponseMessage { Headers = { RetryAfter = new RetryConditionHeaderValue(Now.AddSeconds(30)), Date = Now } };
        using var none = new HttpResponseMessage();

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfterHeader.Wait(delta.Headers, localClockAnHourAhead));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfterHeader.Wait(date.Headers, localClockAnHourAhead));
        Assert.Null(RetryAfterHeader.Wait(none.Headers, localClockAnHourAhead));
    }

    [Fact]
    public void Without_a_Date_header_a_retry_after_date_is_measured_on_the_given_clock_and_never_negative()
    {
        using var response = new HttpResponseMessage { Headers = { RetryAfter = new RetryConditionHeaderValue(Now.AddSeconds(30)) } };

        Assert.Equal(TimeSpan.FromSeconds(20), RetryAfterHeader.Wait(response.Headers, new FakeTimeProvider(Now.AddSeconds(10))));
        Assert.Equal(TimeSpan.Zero, RetryAfterHeader.Wait(response.Headers, new FakeTimeProvider(Now.AddMinutes(5))));
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(100, false)]
    [InlineData(40_000, true)]
    [InlineData(40_000, false)]
    public async Task A_body_within_the_cap_is_read_whole_whether_or_not_its_length_is_declared(int size, bool declared)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();

        var body = await CappedBody.ReadAsync(Content(bytes, declared), limit: size, CancellationToken.None);

        Assert.Equal(bytes, body);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_cap_is_refused(bool declared)
    {
        var body = await CappedBody.ReadAsync(Content(new byte[40_001], declared), limit: 40_000, CancellationToken.None);

        Assert.Null(body);
    }

    // A non-seekable stream leaves Content-Length unknown, as a chunked response does.
    private static HttpContent Content(byte[] bytes, bool declared)
    {
        var content = new StreamContent(new NonSeekable(bytes));
        if (declared)
            content.Headers.ContentLength = bytes.Length;
        return content;
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
