using Microsoft.Extensions.Time.Testing;
using SinchActors.Auth;

namespace SinchActors.Tests.Auth;

/// <summary>
/// The runtime-wide caps on token requests in flight and per second: refreshes first, and the wait counts inside the
/// fetch timeout.
/// </summary>
public sealed class TokenFetcherSpecs
{
    private static readonly SinchCredentials Key = new("project-1", "key-1", "secret-1", new Uri("http://127.0.0.1:1/oauth2/token"));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Queued_refreshes_get_the_next_permit_before_cold_requests_that_queued_earlier()
    {
        var client = new FakeTokenClient();
        var fetcher = new TokenFetcher(client, maxConcurrentFetches: 1, TimeSpan.FromMinutes(1));
        var holding = fetcher.FetchAsync(Key, refresh: false, CancellationToken.None);
        await client.AwaitCallAsync(Patience);
        var cold = fetcher.FetchAsync(Key, refresh: false, CancellationToken.None);
        var refresh = fetcher.FetchAsync(Key, refresh: true, CancellationToken.None);
        Assert.Equal(1, client.Calls);

        client.Succeed("first", TimeSpan.FromHours(1));
        await holding.WaitAsync(Patience);
        await client.AwaitCallAsync(Patience);
        client.Succeed("refreshed", TimeSpan.FromHours(1));

        Assert.Equal("refreshed", (await refresh.WaitAsync(Patience)).Grant.AccessToken);
        Assert.False(cold.IsCompleted);
        await client.AwaitCallAsync(Patience);
        client.Succeed("cold", TimeSpan.FromHours(1));
        Assert.Equal("cold", (await cold.WaitAsync(Patience)).Grant.AccessToken);
    }

    [Fact]
    public async Task Waiting_for_a_permit_counts_inside_the_fetch_timeout_and_ends_as_a_typed_timeout()
    {
        var client = new FakeTokenClient();
        var fetcher = new TokenFetcher(client, maxConcurrentFetches: 1, TimeSpan.FromMilliseconds(100));
        _ = fetcher.FetchAsync(Key, refresh: false, CancellationToken.None); // holds the only permit

        var error = await Assert.ThrowsAsync<SinchTokenEndpointException>(() => fetcher.FetchAsync(Key, refresh: false, CancellationToken.None).WaitAsync(Patience));

        Assert.Equal((TokenFailureKind.Timeout, "key-1"), (error.Kind, error.KeyId));
        Assert.Contains("max-concurrent-token-fetches", error.Message);
        Assert.Equal(1, client.Calls);
    }

    [Fact]
    public async Task A_shrunk_capacity_retires_released_permits_until_it_holds_and_a_grown_one_admits_waiters_at_once()
    {
        var client = new FakeTokenClient();
        var fetcher = new TokenFetcher(client, maxConcurrentFetches: 2, TimeSpan.FromMinutes(1));
        var first = fetcher.FetchAsync(Key, refresh: false, CancellationToken.None);
        var second = fetcher.FetchAsync(Key, refresh: false, CancellationToken.None);
        await client.AwaitCallAsync(Patience);
        await client.AwaitCallAsync(Patience);

        fetcher.Resize(1); // a node's share of the cluster-wide cap after another node joined
        var third = fetcher.FetchAsync(Key, refresh: false, CancellationToken.None);
        client.Succeed("first", TimeSpan.FromHours(1));
        await first.WaitAsync(Patience);
        Assert.Equal((1, 2), (fetcher.Capacity, client.Calls)); // the released permit is retired: one is still in flight

        fetcher.Resize(2); // the other node is gone
        await client.AwaitCallAsync(Patience);
        Assert.Equal(3, client.Calls);
        client.Succeed("second", TimeSpan.FromHours(1));
        client.Succeed("third", TimeSpan.FromHours(1));
        await Task.WhenAll(second, third).WaitAsync(Patience);
        Assert.Equal(2, fetcher.Limit);
    }

    [Fact]
    public async Task No_more_than_the_per_second_cap_start_in_any_second_and_the_rest_start_when_the_second_has_passed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var client = new RecordingTokenClient();
        var fetcher = new TokenFetcher(client, maxConcurrentFetches: 100, TimeSpan.FromMinutes(1), maxRequestsPerSecond: 3, clock);

        var fetches = Enumerable.Range(0, 5).Select(i => fetcher.FetchAsync(KeyNamed($"key-{i}"), refresh: false, CancellationToken.None)).ToArray();
        await Task.WhenAll(fetches.Take(3)).WaitAsync(Patience);
        Assert.Equal(["key-0", "key-1", "key-2"], client.Keys);

        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.Equal(3, client.Keys.Count);
        clock.Advance(TimeSpan.FromTicks(1));
        await Task.WhenAll(fetches).WaitAsync(Patience);
        // Both are let go at the same instant, in queue order; their calls may reach the client in either order.
        Assert.Equal(["key-3", "key-4"], client.Keys.Skip(3).Order());
    }

    [Fact]
    public async Task When_the_second_is_full_a_refresh_starts_before_cold_requests_that_queued_earlier()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var client = new RecordingTokenClient();
        var fetcher = new TokenFetcher(client, maxConcurrentFetches: 100, TimeSpan.FromMinutes(1), maxRequestsPerSecond: 1, clock);
        await fetcher.FetchAsync(KeyNamed("first"), refresh: false, CancellationToken.None).WaitAsync(Patience);

        var cold = fetcher.FetchAsync(KeyNamed("cold"), refresh: false, CancellationToken.None);
        var refresh = fetcher.FetchAsync(KeyNamed("refresh"), refresh: true, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await refresh.WaitAsync(Patience);
        Assert.False(cold.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await cold.WaitAsync(Patience);
        Assert.Equal(["first", "refresh", "cold"], client.Keys);
    }

    private static SinchCredentials KeyNamed(string keyId) => new("project-1", keyId, "secret-1", Key.AuthUrl);

    /// <summary>Answers at once and records which key asked, in order.</summary>
    private sealed class RecordingTokenClient : ITokenClient
    {
        private readonly List<string> _keys = [];

        public List<string> Keys
        {
            get
            {
                lock (_keys)
                    return [.. _keys];
            }
        }

        public Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
        {
            lock (_keys)
                _keys.Add(credentials.KeyId);
            return Task.FromResult(new TokenGrant("token", TimeSpan.FromHours(1)));
        }
    }
}
