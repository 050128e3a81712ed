using Akka.Actor;
using Akka.TestKit;
using SinchActors.Auth;
using Xunit.Abstractions;
using static SinchActors.Auth.TokenManager;

namespace SinchActors.Tests.Auth;

/// <summary>The token manager's state machine, driven in virtual time with a fake token client.</summary>
public sealed class TokenManagerSpecs(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1000);
    private static readonly SinchCredentials Credentials = new("project-1", "key-1", "very-secret-1", new Uri("http://127.0.0.1:1/oauth2/token"));

    private readonly FakeTokenClient _client = new();
    private CredentialSlot _slot = null!;

    [Fact]
    public void Refresh_fires_at_80_percent_and_the_old_token_is_served_until_the_new_one_arrives()
    {
        var manager = StartWithToken(random: 0.5); // 0.5 means no jitter

        AdvanceExpectingOneFetchAt(manager, Lifetime * 0.8, () => _client.Calls);

        Assert.Equal(1, Get(manager).Credential.Generation);
        Assert.True(_slot.TryGet(out var cached));
        Assert.Equal(1, cached.Generation);

        _client.Succeed("token-2", Lifetime);
        Sync(manager);
        var refreshed = Get(manager).Credential;
        Assert.Equal(2, refreshed.Generation);
        Assert.Equal("token-2", refreshed.Authorization.Parameter);
        Assert.Same(refreshed, SlotCredential());
    }

    [Theory]
    [InlineData(0.0, 0.75)]
    [InlineData(0.999999, 0.85)]
    public void Refresh_jitter_moves_the_refresh_by_at_most_5_percent_of_the_lifetime(double random, double expectedFraction)
    {
        var manager = StartWithToken(random);

        AdvanceExpectingOneFetchAt(manager, Lifetime * expectedFraction, () => _client.Calls, TimeSpan.FromMilliseconds(10));
    }

    [Fact]
    public void A_token_within_the_safety_margin_is_never_handed_out()
    {
        var manager = StartWithToken(random: 0.5, lifetime: TimeSpan.FromSeconds(100)); // usable for 70 s, refresh at 70 s

        Advance(TimeSpan.FromSeconds(70) - TimeSpan.FromMilliseconds(1));
        Assert.True(_slot.TryGet(out _));
        Advance(TimeSpan.FromMilliseconds(1));
        AwaitCondition(() => _client.Calls == 2, Patience); // refresh started, still pending

        Assert.False(_slot.TryGet(out _));
        manager.Tell(new GetCredential(7, TimeSpan.FromSeconds(5)));
        AssertNoReplyYet(manager);
        _client.Succeed("token-2", TimeSpan.FromSeconds(100));
        Assert.Equal(2, ExpectMsg<CredentialGranted>(Patience).Credential.Generation);
    }

    [Fact]
    public void Rejecting_the_current_generation_refetches_once_and_older_generations_are_ignored()
    {
        var manager = StartWithToken(random: 0.5);

        manager.Tell(new TokenRejected(0));
        Sync(manager);
        Assert.Equal(1, _client.Calls);
        Assert.True(_slot.TryGet(out _));

        for (var i = 0; i < 100; i++)
            manager.Tell(new TokenRejected(1));
        Sync(manager);
        Assert.Equal(2, _client.Calls);
        Assert.False(_slot.TryGet(out _));

        _client.Succeed("token-2", Lifetime);
        Assert.Equal(2, Get(manager).Credential.Generation);
        manager.Tell(new TokenRejected(1));
        Sync(manager);
        Assert.Equal(2, _client.Calls);
    }

    [Fact]
    public void Transient_failures_back_off_exponentially_within_the_configured_caps_then_serve_every_waiter()
    {
        var manager = Start(random: 0.999); // full jitter pinned near its cap: 200, 400, 800 ms
        for (var i = 0; i < 3; i++)
            manager.Tell(new GetCredential(i, TimeSpan.FromSeconds(10)));
        AwaitCondition(() => _client.Calls == 1, Patience);

        var delays = new[] { 200, 400, 800 }.Select(ms => TimeSpan.FromMilliseconds(ms) * 0.999).ToArray();
        for (var attempt = 0; attempt < delays.Length; attempt++)
        {
            _client.Fail(ServerError());
            AwaitRetryScheduled(manager);
            AdvanceExpectingOneFetchAt(manager, delays[attempt], () => _client.Calls);
        }

        _client.Succeed("token-1", Lifetime);
        var granted = Enumerable.Range(0, 3).Select(_ => ExpectMsg<CredentialGranted>(Patience)).ToList();
        Assert.Equal([0L, 1L, 2L], granted.Select(g => g.CorrelationId).Order());
    }

    [Fact]
    public void Retry_After_overrides_the_back_off()
    {
        var manager = Start(random: 0.5);
        manager.Tell(new GetCredential(1, TimeSpan.FromSeconds(30)));
        AwaitCondition(() => _client.Calls == 1, Patience);

        _client.Fail(new SinchTokenEndpointException("project-1", TokenFailureKind.Throttled, "HTTP 429", 429, retryAfter: TimeSpan.FromSeconds(5)));
        AwaitRetryScheduled(manager);
        AdvanceExpectingOneFetchAt(manager, TimeSpan.FromSeconds(5), () => _client.Calls);
    }

    [Fact]
    public void During_an_outage_the_valid_token_is_served_and_past_its_end_callers_fail_at_their_deadline_with_the_cause()
    {
        var manager = StartWithToken(random: 0.5, lifetime: TimeSpan.FromSeconds(100)); // refresh and end of use at 70 s
        Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, Get(manager).Credential.Generation);

        Advance(TimeSpan.FromSeconds(10));
        AwaitCondition(() => _client.Calls == 2, Patience);
        _client.Fail(ServerError());
        AwaitRetryScheduled(manager);

        manager.Tell(new GetCredential(9, TimeSpan.FromMilliseconds(150)));
        Sync(manager);
        Advance(TimeSpan.FromMilliseconds(149));
        AssertNoReplyYet(manager);
        Advance(TimeSpan.FromMilliseconds(1));
        var failed = ExpectMsg<CredentialFailed>(Patience);
        var unavailable = Assert.IsType<SinchAuthUnavailableException>(failed.Error);
        Assert.Equal(9, failed.CorrelationId);
        Assert.Equal(TokenFailureKind.ServerError, Assert.IsType<SinchTokenEndpointException>(unavailable.InnerException).Kind);
    }

    [Fact]
    public void A_refused_key_fails_every_waiter_at_once_then_fails_fast_and_retries_slowly_or_on_new_credentials()
    {
        var manager = Start(random: 0.5);
        for (var i = 0; i < 5; i++)
            manager.Tell(new GetCredential(i, TimeSpan.FromSeconds(30)));
        AwaitCondition(() => _client.Calls == 1, Patience);

        _client.Fail(new SinchTokenEndpointException("project-1", TokenFailureKind.Rejected, "HTTP 401", 401, "invalid_client", "bad key"));
        for (var i = 0; i < 5; i++)
        {
            var error = Assert.IsType<SinchAuthenticationException>(ExpectMsg<CredentialFailed>(Patience).Error);
            Assert.Equal(("invalid_client", 401, "key-1"), (error.Error, error.StatusCode, error.KeyId));
        }

        manager.Tell(new GetCredential(99, TimeSpan.FromSeconds(30)));
        Assert.IsType<SinchAuthenticationException>(ExpectMsg<CredentialFailed>(Patience).Error);
        Assert.Equal(1, _client.Calls);
        AdvanceExpectingOneFetchAt(manager, TimeSpan.FromMinutes(1), () => _client.Calls);
        _client.Fail(new SinchTokenEndpointException("project-1", TokenFailureKind.Rejected, "HTTP 401", 401, "invalid_client"));
        Sync(manager);

        manager.Tell(new UpdateCredentials(new SinchCredentials("project-1", "key-2", "fixed-secret", Credentials.AuthUrl)));
        AwaitCondition(() => _client.Calls == 3, Patience);
        _client.Succeed("token-1", Lifetime);
        Assert.Equal(1, Get(manager).Credential.Generation);
    }

    [Fact]
    public void Basic_mode_hands_out_the_Basic_credential_without_fetching_at_the_configured_rate_and_warns_once()
    {
        var basic = new SinchCredentials("project-1", "key-1", "very-secret-1", mode: SinchAuthMode.Basic);
        var manager = Sys.ActorOf(TokenManager.Props(basic, TokenManagerSettings.Default, _client, _slot = new CredentialSlot(Clock)));

        EventFilter.Warning(contains: "testing only").Expect(1, () =>
        {
            for (var i = 0; i < 8; i++)
                manager.Tell(new GetCredential(i, TimeSpan.FromSeconds(10)));
            var burst = Enumerable.Range(0, 5).Select(_ => ExpectMsg<CredentialGranted>(Patience).Credential).ToList();
            Assert.All(burst, c => Assert.Equal(("Basic", 0L), (c.Authorization.Scheme, c.Generation)));
            AssertNoReplyYet(manager);
        });

        Advance(TimeSpan.FromMilliseconds(200)); // 5 per second: one more permit
        ExpectMsg<CredentialGranted>(Patience);
        AssertNoReplyYet(manager);
        Advance(TimeSpan.FromMilliseconds(400));
        ExpectMsg<CredentialGranted>(Patience);
        ExpectMsg<CredentialGranted>(Patience);
        Assert.Equal(0, _client.Calls);
        Assert.False(_slot.TryGet(out _));
    }

    private IActorRef Start(double random)
    {
        _slot = new CredentialSlot(Clock);
        return Sys.ActorOf(TokenManager.Props(Credentials, TokenManagerSettings.Default, _client, _slot, new FixedRandom(random)));
    }

    private IActorRef StartWithToken(double random, TimeSpan? lifetime = null)
    {
        var manager = Start(random);
        manager.Tell(new GetCredential(0, TimeSpan.FromSeconds(10)));
        AwaitCondition(() => _client.Calls == 1, Patience);
        _client.Succeed("token-1", lifetime ?? Lifetime);
        Assert.Equal(1, ExpectMsg<CredentialGranted>(Patience).Credential.Generation);
        return manager;
    }

    private CredentialGranted Get(IActorRef manager)
    {
        manager.Tell(new GetCredential(42, TimeSpan.FromSeconds(5)));
        return ExpectMsg<CredentialGranted>(Patience);
    }

    private IssuedCredential SlotCredential() => _slot.TryGet(out var credential) ? credential : throw new InvalidOperationException("empty slot");

    private static SinchTokenEndpointException ServerError() =>
        new("project-1", TokenFailureKind.ServerError, "HTTP 503", 503);
}
