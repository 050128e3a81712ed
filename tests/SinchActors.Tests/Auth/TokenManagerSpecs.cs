using Akka.Actor;
using SinchActors.Auth;
using Xunit.Abstractions;
using static SinchActors.Auth.TokenManager;

namespace SinchActors.Tests.Auth;

/// <summary>The token manager's states, lifetimes and back-off, driven in virtual time with a fake token client.</summary>
public sealed class TokenManagerSpecs(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1000);
    private static readonly SinchCredentials Credentials = new("project-1", "key-1", "very-secret-1", new Uri("http://127.0.0.1:1/oauth2/token"));

    private readonly FakeTokenClient _client = new();

    /// <summary>A lifetime as the manager counts it from the send: less the server's whole second (see <see cref="TokenLifetime"/>).</summary>
    private static TimeSpan Counted(TimeSpan lifetime) => lifetime - TimeSpan.FromSeconds(1);

    [Fact]
    public void Refresh_fires_at_80_percent_and_the_old_token_is_served_until_the_new_one_arrives()
    {
        var manager = StartWithToken(random: 0.5); // 0.5 means no jitter

        AdvanceExpectingOneFetchAt(manager, Counted(Lifetime) * 0.8, () => _client.Calls);

        Assert.Equal(1, Get(manager).Credential.Generation);
        Assert.Equal(TokenManagerState.Fetching, StateOf(manager).State);
        _client.Succeed("token-2", Lifetime);
        AwaitState(manager, TokenManagerState.Serving);
        var refreshed = Get(manager).Credential;
        Assert.Equal(2, refreshed.Generation);
        Assert.Equal("token-2", refreshed.Authorization.Parameter);
        Assert.Same(refreshed, CurrentOf(manager));
    }

    [Theory]
    [InlineData(0.0, 0.75)]
    [InlineData(0.999999, 0.85)]
    public void Refresh_jitter_moves_the_refresh_by_at_most_5_percent_of_the_lifetime(double random, double expectedFraction)
    {
        var manager = StartWithToken(random);

        AdvanceExpectingOneFetchAt(manager, Counted(Lifetime) * expectedFraction, () => _client.Calls, TimeSpan.FromMilliseconds(10));
    }

    [Theory]
    [InlineData(2_000, 900)]
    [InlineData(5_000, 3_600)]
    [InlineData(10_000, 8_100)]
    [InlineData(100_000, 89_100)]
    [InlineData(3_600_000, 3_569_000)]
    public void Every_lifetime_from_two_seconds_is_used_with_a_margin_scaled_to_it_and_refreshed_at_80_percent_of_it(int lifetimeMs, int usableMs)
    {
        var lifetime = TimeSpan.FromMilliseconds(lifetimeMs);
        var manager = StartWithToken(random: 0.5, lifetime: lifetime);

        AdvanceExpectingOneFetchAt(manager, Counted(lifetime) * 0.8, () => _client.Calls);
        Advance(TimeSpan.FromMilliseconds(usableMs) - Counted(lifetime) * 0.8 - TimeSpan.FromTicks(1));
        Assert.Equal(1, Get(manager).Credential.Generation); // still usable while the refresh runs
        Advance(TimeSpan.FromTicks(1));

        manager.Tell(new GetCredential(7, TimeSpan.FromSeconds(5)));
        AssertNoReplyYet(manager); // within the margin: never handed out
        _client.Succeed("token-2", lifetime);
        Assert.Equal(2, ExpectMsg<CredentialGranted>(Patience).Credential.Generation);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0)]
    [InlineData(-30)]
    public void A_lifetime_below_one_second_is_a_typed_failure_retried_within_the_budget_never_a_loop(double seconds)
    {
        var manager = Start(random: 0.5);
        manager.Tell(new GetCredential(1, TimeSpan.FromSeconds(20)) { ProjectId = "project-asking" });

        var fetches = RunFor(manager, TimeSpan.FromMinutes(1), () => _client.Succeed("too-short", TimeSpan.FromSeconds(seconds)));

        Assert.InRange(fetches, 5, Budget(TimeSpan.FromMinutes(1)));
        var unavailable = Assert.IsType<SinchAuthUnavailableException>(ExpectMsg<CredentialFailed>(Patience).Error);
        Assert.Equal(TokenFailureKind.LifetimeTooShort, Assert.IsType<SinchTokenEndpointException>(unavailable.InnerException).Kind);
        Assert.Contains("project-asking", unavailable.Message);
        Assert.Contains("key-1", unavailable.Message);
    }

    [Fact]
    public void An_absent_lifetime_is_taken_as_the_default_and_an_absurd_one_as_the_maximum()
    {
        var manager = StartWithToken(random: 0.5, announceLifetime: false);

        AdvanceExpectingOneFetchAt(manager, Counted(TimeSpan.FromMinutes(5)) * 0.8, () => _client.Calls);
        _client.Succeed("token-2", TimeSpan.FromDays(3650));
        AwaitState(manager, TokenManagerState.Serving);

        AdvanceExpectingOneFetchAt(manager, Counted(TimeSpan.FromHours(24)) * 0.8, () => _client.Calls);
    }

    [Fact]
    public void Rejecting_the_current_generation_refetches_once_and_older_generations_are_ignored()
    {
        var manager = StartWithToken(random: 0.5);

        manager.Tell(new TokenRejected(0));
        Sync(manager);
        Assert.Equal(1, _client.Calls);
        Assert.NotNull(CurrentOf(manager));

        for (var i = 0; i < 100; i++)
            manager.Tell(new TokenRejected(1));
        Sync(manager);
        Assert.Equal(2, _client.Calls);
        Assert.Null(CurrentOf(manager));

        _client.Succeed("token-2", Lifetime);
        Assert.Equal(2, Get(manager).Credential.Generation);
        manager.Tell(new TokenRejected(1));
        Sync(manager);
        Assert.Equal(2, _client.Calls);
    }

    [Fact]
    public void Refetches_after_rejections_are_at_least_the_minimum_refetch_interval_apart_and_an_accepted_token_serves_meanwhile()
    {
        var manager = StartWithToken(random: 0.5);
        Get(manager).Credential.ReportAccepted();
        manager.Tell(new TokenRejected(1));
        AwaitCondition(() => _client.Calls == 2, Patience);
        _client.Succeed("token-2", Lifetime);
        AwaitState(manager, TokenManagerState.Serving); // until then the accepted generation 1 is still served
        Get(manager).Credential.ReportAccepted();

        manager.Tell(new TokenRejected(2));
        manager.Tell(new GetCredential(9, TimeSpan.FromSeconds(30)) { NewerThan = 2 }); // a request that saw the 401
        AssertNoReplyYet(manager);
        Assert.Equal(2, Get(manager).Credential.Generation); // the others keep the accepted token meanwhile
        AdvanceExpectingOneFetchAt(manager, TimeSpan.FromSeconds(5), () => _client.Calls);
        _client.Succeed("token-3", Lifetime);
        Assert.Equal((9L, 3L), ExpectMsg<CredentialGranted>(Patience) is var granted ? (granted.CorrelationId, granted.Credential.Generation) : default);
    }

    [Fact]
    public void A_request_asking_for_a_newer_generation_reports_the_current_one_rejected_and_gets_the_next()
    {
        var manager = StartWithToken(random: 0.5);

        manager.Tell(new GetCredential(5, Patience) { NewerThan = 1 });
        AwaitCondition(() => _client.Calls == 2, Patience);
        _client.Succeed("token-2", Lifetime);

        Assert.Equal(2, ExpectMsg<CredentialGranted>(Patience).Credential.Generation);
    }

    [Fact]
    public void A_key_whose_fresh_tokens_the_API_rejects_fails_fast_with_the_API_message_probes_slowly_and_heals_on_an_accepted_call()
    {
        var manager = StartWithToken(random: 0.5);
        manager.Tell(new TokenRejected(1) { ApiMessage = "product not enabled" });
        AwaitCondition(() => _client.Calls == 2, Patience);
        _client.Succeed("token-2", Lifetime);
        AwaitState(manager, TokenManagerState.Serving);
        manager.Tell(new TokenRejected(2) { ApiMessage = "product not enabled" });
        AdvanceExpectingOneFetchAt(manager, TimeSpan.FromSeconds(5), () => _client.Calls); // the refetch floor
        _client.Succeed("token-3", Lifetime);
        AwaitState(manager, TokenManagerState.Serving);
        manager.Tell(new TokenRejected(3) { ApiMessage = "product not enabled" });

        AwaitState(manager, TokenManagerState.RejectedByApi);
        manager.Tell(new GetCredential(8, Patience) { ProjectId = "project-7" });
        var error = Assert.IsType<SinchAuthenticationException>(ExpectMsg<CredentialFailed>(Patience).Error);
        Assert.Equal((SinchAuthenticationFailure.TokensRejectedByApi, "key-1", "project-7", "product not enabled"),
            (error.Failure, error.KeyId, error.ProjectId, error.ErrorDescription));
        Assert.Contains("product not enabled", error.Message);
        Assert.Equal(3, _client.Calls);

        AdvanceExpectingOneFetchAt(manager, TimeSpan.FromSeconds(30), () => _client.Calls); // the probe
        _client.Succeed("token-4", Lifetime);
        var probe = Get(manager).Credential;
        Assert.Equal(4, probe.Generation);
        probe.ReportAccepted(); // the API accepts again
        manager.Tell(new TokenRejected(4)); // a later, spurious 401 is no longer part of a streak
        AwaitCondition(() => _client.Calls == 5, Patience);
        Assert.Equal(0, StateOf(manager).RejectedStreak);
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
            AwaitState(manager, TokenManagerState.BackingOff);
            AdvanceExpectingOneFetchAt(manager, delays[attempt], () => _client.Calls);
        }

        _client.Succeed("token-1", Lifetime);
        var granted = Enumerable.Range(0, 3).Select(_ => ExpectMsg<CredentialGranted>(Patience)).ToList();
        Assert.Equal([0L, 1L, 2L], granted.Select(g => g.CorrelationId).Order());
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(3600, 30)] // capped by max-backoff
    public void Retry_After_overrides_the_back_off_up_to_max_backoff(int retryAfterSeconds, int expectedSeconds)
    {
        var manager = Start(random: 0.5);
        manager.Tell(new GetCredential(1, TimeSpan.FromMinutes(2)));
        AwaitCondition(() => _client.Calls == 1, Patience);

        _client.Fail(new SinchTokenEndpointException("project-1", TokenFailureKind.Throttled, "HTTP 429", 429,
            retryAfter: TimeSpan.FromSeconds(retryAfterSeconds)));
        AwaitState(manager, TokenManagerState.BackingOff);
        AdvanceExpectingOneFetchAt(manager, TimeSpan.FromSeconds(expectedSeconds), () => _client.Calls);
    }

    public static TheoryData<string> FailureModes => ["5xx", "429 without Retry-After", "timeout", "connection", "too short lifetime",
        "API rejects every fresh token", "API rejects accepted tokens"];

    [Theory]
    [MemberData(nameof(FailureModes))]
    public void The_fetch_budget_holds_in_every_failure_mode(string mode)
    {
        var rejections = mode.StartsWith("API", StringComparison.Ordinal);
        var manager = rejections ? StartWithToken(random: 0.5) : Start(random: 0.5);
        if (rejections)
            manager.Tell(new TokenRejected(1));
        else
            manager.Tell(new GetCredential(1, TimeSpan.FromMinutes(10)));
        Action answer = mode switch
        {
            "5xx" => () => _client.Fail(ServerError()),
            "429 without Retry-After" => () => _client.Fail(new SinchTokenEndpointException("project-1", TokenFailureKind.Throttled, "HTTP 429", 429)),
            "timeout" => () => _client.Fail(new SinchTokenEndpointException("project-1", TokenFailureKind.Timeout, "no answer")),
            "connection" => () => _client.Fail(new HttpRequestException("refused")),
            "too short lifetime" => () => _client.Succeed("short", TimeSpan.FromMilliseconds(100)),
            _ => () =>
            {
                _client.Succeed("token", Lifetime);
                var credential = Get(manager).Credential;
                if (mode == "API rejects accepted tokens")
                    credential.ReportAccepted();
                manager.Tell(new TokenRejected(credential.Generation));
            },
        };

        var fetches = RunFor(manager, TimeSpan.FromMinutes(5), answer);

        Assert.InRange(fetches, 3, Budget(TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void During_an_outage_the_valid_token_is_served_and_past_its_end_callers_fail_at_their_deadline_with_the_cause()
    {
        var manager = StartWithToken(random: 0.5, lifetime: TimeSpan.FromSeconds(101)); // counted as 100 s: refresh at 80 s, usable until 90 s
        Advance(TimeSpan.FromSeconds(70));
        Assert.Equal(1, Get(manager).Credential.Generation);

        Advance(TimeSpan.FromSeconds(10));
        AwaitCondition(() => _client.Calls == 2, Patience);
        _client.Fail(ServerError());
        AwaitState(manager, TokenManagerState.BackingOff);
        Assert.Equal(1, Get(manager).Credential.Generation);

        Advance(TimeSpan.FromSeconds(10));
        manager.Tell(new GetCredential(9, TimeSpan.FromMilliseconds(150)) { ProjectId = "project-9" });
        Sync(manager);
        Advance(TimeSpan.FromMilliseconds(149));
        AssertNoReplyYet(manager);
        Advance(TimeSpan.FromMilliseconds(1));
        var failed = FishForMessage<CredentialFailed>(f => f.CorrelationId == 9, Patience);
        var unavailable = Assert.IsType<SinchAuthUnavailableException>(failed.Error);
        Assert.Equal(("project-9", "key-1"), (unavailable.ProjectId, unavailable.KeyId));
        Assert.Equal(TokenFailureKind.ServerError, Assert.IsType<SinchTokenEndpointException>(unavailable.InnerException).Kind);
    }

    [Fact]
    public void Once_the_token_expired_during_an_outage_a_caller_whose_deadline_comes_before_the_next_attempt_fails_at_once()
    {
        var manager = StartWithToken(random: 0.5, lifetime: TimeSpan.FromSeconds(101)); // counted as 100 s: refresh at 80 s, usable until 90 s
        AdvanceExpectingOneFetchAt(manager, TimeSpan.FromSeconds(80), () => _client.Calls);
        _client.Fail(new SinchTokenEndpointException("project-1", TokenFailureKind.Throttled, "HTTP 429", 429, retryAfter: TimeSpan.FromSeconds(30)));
        AwaitState(manager, TokenManagerState.BackingOff);
        Advance(TimeSpan.FromSeconds(10)); // the token's usable end; the next attempt is 20 s away

        manager.Tell(new GetCredential(1, TimeSpan.FromSeconds(5)));
        Assert.IsType<SinchAuthUnavailableException>(ExpectMsg<CredentialFailed>(Patience).Error);
        manager.Tell(new GetCredential(2, TimeSpan.FromSeconds(60)));
        AssertNoReplyYet(manager);

        AdvanceExpectingOneFetchAt(manager, TimeSpan.FromSeconds(20), () => _client.Calls);
        _client.Succeed("token-2", Lifetime);
        Assert.Equal((2L, 2L), ExpectMsg<CredentialGranted>(Patience) is var granted ? (granted.CorrelationId, granted.Credential.Generation) : default);
    }

    [Fact]
    public void A_refused_key_fails_every_waiter_at_once_then_fails_fast_and_retries_slowly_or_on_new_credentials()
    {
        var manager = Start(random: 0.5);
        for (var i = 0; i < 5; i++)
            manager.Tell(new GetCredential(i, TimeSpan.FromSeconds(30)) { ProjectId = $"project-{i}" });
        AwaitCondition(() => _client.Calls == 1, Patience);

        _client.Fail(new SinchTokenEndpointException("project-1", TokenFailureKind.Rejected, "HTTP 401", 401, "invalid_client", "bad key"));
        for (var i = 0; i < 5; i++)
        {
            var failed = ExpectMsg<CredentialFailed>(Patience);
            var error = Assert.IsType<SinchAuthenticationException>(failed.Error);
            Assert.Equal(("invalid_client", 401, "key-1", $"project-{failed.CorrelationId}"), (error.Error, error.StatusCode, error.KeyId, error.ProjectId));
        }

        manager.Tell(new GetCredential(99, TimeSpan.FromSeconds(30)));
        Assert.IsType<SinchAuthenticationException>(ExpectMsg<CredentialFailed>(Patience).Error);
        Assert.Equal(TokenManagerState.Refused, StateOf(manager).State);
        Assert.Equal(1, _client.Calls);
        AdvanceExpectingOneFetchAt(manager, TimeSpan.FromMinutes(1), () => _client.Calls);
        _client.Fail(new SinchTokenEndpointException("project-1", TokenFailureKind.Rejected, "HTTP 401", 401, "invalid_client"));
        AwaitState(manager, TokenManagerState.Refused);

        manager.Tell(new UpdateCredentials(new SinchCredentials("project-1", "key-1", "fixed-secret", Credentials.AuthUrl)) { ReportTo = TestActor });
        AwaitCondition(() => _client.Calls == 3, Patience);
        _client.Succeed("token-1", Lifetime);
        ExpectMsg<CredentialsVerified>(Patience);
        Assert.Equal(1, Get(manager).Credential.Generation);
    }

    [Fact]
    public void Subscribers_get_each_generation_as_it_is_issued_and_each_withdrawal()
    {
        var manager = StartWithToken(random: 0.5);
        var subscriber = CreateTestProbe();
        manager.Tell(SubscribeCredentials.Instance, subscriber.Ref);
        Assert.Equal(1, subscriber.ExpectMsg<CredentialIssued>(Patience).Credential.Generation);

        manager.Tell(new TokenRejected(1));
        Assert.Equal(1, subscriber.ExpectMsg<CredentialWithdrawn>(Patience).Generation);
        AwaitCondition(() => _client.Calls == 2, Patience);
        _client.Succeed("token-2", Lifetime);
        Assert.Equal(2, subscriber.ExpectMsg<CredentialIssued>(Patience).Credential.Generation);
    }

    [Fact]
    public void A_stopping_manager_withdraws_its_token_and_tells_subscribers_it_ended_without_death_watch()
    {
        var manager = StartWithToken(random: 0.5);
        var subscriber = CreateTestProbe();
        manager.Tell(SubscribeCredentials.Instance, subscriber.Ref);
        subscriber.ExpectMsg<CredentialIssued>(Patience);

        Sys.Stop(manager);

        Assert.Equal(1, subscriber.ExpectMsg<CredentialWithdrawn>(Patience).Generation);
        subscriber.ExpectMsg<CredentialsEnded>(Patience);
    }

    [Fact]
    public void Passivation_drops_the_token_and_tells_subscribers_and_the_next_request_fetches_again()
    {
        var manager = StartWithToken(random: 0.5);
        var subscriber = CreateTestProbe();
        manager.Tell(SubscribeCredentials.Instance, subscriber.Ref);
        subscriber.ExpectMsg<CredentialIssued>(Patience);

        manager.Tell(DropToken.Instance);

        Assert.Equal(1, subscriber.ExpectMsg<CredentialWithdrawn>(Patience).Generation);
        Assert.Equal(TokenManagerState.Idle, StateOf(manager).State);
        manager.Tell(new GetCredential(3, Patience));
        AwaitCondition(() => _client.Calls == 2, Patience);
        _client.Succeed("token-2", Lifetime);
        Assert.Equal(2, ExpectMsg<CredentialGranted>(Patience).Credential.Generation);
    }

    [Fact]
    public void A_passivated_key_ignores_the_refresh_of_its_dropped_token_and_its_next_token_is_refreshed_at_its_own_time()
    {
        var manager = StartWithToken(random: 0.5);
        manager.Tell(DropToken.Instance);
        AwaitState(manager, TokenManagerState.Idle);

        Advance(Counted(Lifetime) * 0.8); // the dropped token's refresh falls due in the shared scheduler
        Sync(Refreshes);
        Sync(manager);
        Assert.Equal(1, _client.Calls);
        Assert.Equal(TokenManagerState.Idle, StateOf(manager).State);

        manager.Tell(new GetCredential(5, TimeSpan.FromSeconds(10)));
        AwaitCondition(() => _client.Calls == 2, Patience);
        _client.Succeed("token-2", Lifetime);
        Assert.Equal(2, ExpectMsg<CredentialGranted>(Patience).Credential.Generation);
        AwaitState(manager, TokenManagerState.Serving);
        AdvanceExpectingOneFetchAt(manager, Counted(Lifetime) * 0.8, () => _client.Calls);
    }

    /// <summary>Token requests a key may make in <paramref name="duration"/> beyond scheduled refreshes: burst + per-minute rate.</summary>
    private static int Budget(TimeSpan duration) =>
        TokenManagerSettings.Default.FetchBudgetBurst + (int)Math.Ceiling(duration.TotalMinutes * TokenManagerSettings.Default.FetchBudgetPerMinute);

    /// <summary>Runs <paramref name="duration"/> of virtual time in 100 ms steps, answering each token request as it starts.</summary>
    private int RunFor(IActorRef manager, TimeSpan duration, Action answer)
    {
        var step = TimeSpan.FromMilliseconds(100);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            Sync(manager);
            while (_client.Pending > 0)
            {
                answer();
                Sync(manager);
            }
            Advance(step);
        }
        return _client.Calls;
    }

    private IActorRef Start(double random)
    {
        var fetcher = new TokenFetcher(_client, maxConcurrentFetches: 8, TokenManagerSettings.Default.FetchTimeout, clock: Clock);
        return Sys.ActorOf(TokenManager.Props(Credentials, TokenManagerSettings.Default, fetcher, Clock, Refreshes, new FixedRandom(random)));
    }

    private IActorRef StartWithToken(double random, TimeSpan? lifetime = null, bool announceLifetime = true)
    {
        var manager = Start(random);
        manager.Tell(new GetCredential(0, TimeSpan.FromSeconds(10)));
        AwaitCondition(() => _client.Calls == 1, Patience);
        _client.Succeed("token-1", announceLifetime ? lifetime ?? Lifetime : null);
        Assert.Equal(1, ExpectMsg<CredentialGranted>(Patience).Credential.Generation);
        return manager;
    }

    private CredentialGranted Get(IActorRef manager)
    {
        manager.Tell(new GetCredential(42, TimeSpan.FromSeconds(5)));
        return ExpectMsg<CredentialGranted>(Patience);
    }


    private static SinchTokenEndpointException ServerError() =>
        new("project-1", TokenFailureKind.ServerError, "HTTP 503", 503);
}
