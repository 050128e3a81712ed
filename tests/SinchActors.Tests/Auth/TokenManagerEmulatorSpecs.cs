using Akka.Actor;
using Akka.Event;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using Xunit.Abstractions;
using static SinchActors.Auth.TokenManager;

namespace SinchActors.Tests.Auth;

/// <summary>The token manager over real HTTP against the emulator, timers driven in virtual time.</summary>
public sealed class TokenManagerEmulatorSpecs(ITestOutputHelper output) : EmulatorTestKit(output)
{
    private static readonly TimeSpan EmulatorLifetime = TimeSpan.FromHours(1);

    // As the manager counts it from the send: less the server's whole second (see TokenLifetime).
    private static readonly TimeSpan Counted = EmulatorLifetime - TimeSpan.FromSeconds(1);

    [Fact]
    public void A_thousand_concurrent_cold_requests_cause_exactly_one_token_request()
    {
        var manager = StartManager();

        Parallel.For(0, 1000, i => manager.Tell(new GetCredential(i, Patience), TestActor));

        var granted = ReceiveN(1000, TimeSpan.FromSeconds(10)).Cast<CredentialGranted>().ToList();
        Assert.Equal(1000, granted.Select(g => g.CorrelationId).Distinct().Count());
        Assert.All(granted, g => Assert.Equal(1, g.Credential.Generation));
        Assert.Equal(1, TokenRequests());
        Assert.Equal(1, Emulator.Stats.Tokens(KeyId).Issued);
    }

    [Fact]
    public void Refresh_at_80_percent_serves_the_old_token_until_the_new_one_arrives_with_a_higher_generation()
    {
        var manager = StartManager(random: 0.5);
        var first = Get(manager).Credential;
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.Token, LatencyMs = 1500, Count = 1 });

        AdvanceExpectingOneFetchAt(manager, Counted * 0.8, () => Client.Calls);

        Assert.Same(first, Get(manager).Credential); // the refresh is still held up by the emulator
        AwaitCondition(() => CurrentOf(manager)?.Generation == 2, Patience);
        var second = Get(manager).Credential;
        Assert.NotEqual(first.Authorization.Parameter, second.Authorization.Parameter);
        Assert.Equal(2, TokenRequests());
    }

    [Fact]
    public void A_hundred_rejections_of_the_current_generation_cause_one_refetch_and_stale_rejections_none()
    {
        var manager = StartManager();
        Assert.Equal(1, Get(manager).Credential.Generation);

        Parallel.For(0, 100, _ => manager.Tell(new TokenRejected(1)));
        AwaitCondition(() => CurrentOf(manager)?.Generation == 2, Patience);
        manager.Tell(new TokenRejected(1));
        Sync(manager);

        Assert.Equal(2, Get(manager).Credential.Generation);
        Assert.Equal(2, Client.Calls);
        Assert.Equal(2, TokenRequests());
    }

    [Fact]
    public void Three_503s_then_200_back_off_as_configured_and_serve_every_waiter()
    {
        Emulator.Faults.Add(new FaultRule { Target = FaultTarget.Token, StatusCode = 503, Count = 3 });
        var manager = StartManager(random: 0.999); // full jitter pinned near its caps: 200, 400, 800 ms
        for (var i = 0; i < 10; i++)
            manager.Tell(new GetCredential(i, TimeSpan.FromSeconds(10)));

        foreach (var cap in new[] { 200, 400, 800 })
        {
            AwaitState(manager, TokenManagerState.BackingOff);
            AdvanceExpectingOneFetchAt(manager, TimeSpan.FromMilliseconds(cap) * 0.999, () => Client.Calls);
        }

        var granted = ReceiveN(10, Patience).Cast<CredentialGranted>();
        Assert.All(granted, g => Assert.Equal(1, g.Credential.Generation));
        Assert.Equal(4, TokenRequests());
    }

    [Fact]
    public void An_outage_keeps_the_valid_token_served_and_past_its_end_callers_fail_within_their_deadline()
    {
        var manager = StartManager(random: 0.5);
        var token = Get(manager).Credential;
        Emulator.Faults.Add(new FaultRule { Target = FaultTarget.Token, StatusCode = 503 });

        Advance(Counted * 0.8);
        AwaitState(manager, TokenManagerState.BackingOff);
        Advance(TimeSpan.FromMinutes(5));
        Assert.Same(token, Get(manager).Credential);
        Assert.NotNull(CurrentOf(manager));

        Advance(Counted * 0.2 - TimeSpan.FromSeconds(30) - TimeSpan.FromMinutes(5)); // the safety margin begins
        Assert.Null(CurrentOf(manager));
        manager.Tell(new GetCredential(7, TimeSpan.FromSeconds(2)));
        Sync(manager);
        Advance(TimeSpan.FromSeconds(2));
        var failed = ExpectMsg<CredentialFailed>(Patience);
        var cause = Assert.IsType<SinchTokenEndpointException>(Assert.IsType<SinchAuthUnavailableException>(failed.Error).InnerException);
        Assert.Equal((TokenFailureKind.ServerError, 503), (cause.Kind, cause.StatusCode));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(null)]
    public void A_429_is_retried_after_Retry_After_when_sent_and_after_the_back_off_otherwise(int? retryAfterSeconds)
    {
        Emulator.Faults.Add(new FaultRule { Target = FaultTarget.Token, StatusCode = 429, Count = 1, RetryAfterSeconds = retryAfterSeconds });
        var manager = StartManager(random: 0.5); // back-off without Retry-After: 100 ms
        manager.Tell(new GetCredential(1, TimeSpan.FromSeconds(10)));
        AwaitState(manager, TokenManagerState.BackingOff);

        var wait = retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : TimeSpan.FromMilliseconds(100);
        AdvanceExpectingOneFetchAt(manager, wait, () => Client.Calls);

        Assert.Equal(1, ExpectMsg<CredentialGranted>(Patience).Credential.Generation);
        Assert.Equal((1, 1), (Emulator.Stats.Tokens(KeyId).Issued, Emulator.Stats.Tokens(KeyId).Rejected));
    }

    [Fact]
    public void A_wrong_secret_fails_a_hundred_concurrent_callers_with_the_authentication_error_after_one_token_request()
    {
        var manager = StartManager(credentials: new SinchCredentials(ProjectId, KeyId, "wrong-secret", Emulator.TokenUrl));

        Parallel.For(0, 100, i => manager.Tell(new GetCredential(i, TimeSpan.FromSeconds(10)), TestActor));

        var failures = ReceiveN(100, Patience).Cast<CredentialFailed>().ToList();
        Assert.All(failures, f =>
        {
            var error = Assert.IsType<SinchAuthenticationException>(f.Error);
            Assert.Equal(("invalid_client", 401), (error.Error, error.StatusCode));
        });
        Assert.Equal(1, TokenRequests());
    }

    [Fact]
    public void No_secret_or_token_appears_in_any_log_line_or_error_message()
    {
        var allLogs = CreateTestProbe();
        Sys.EventStream.Subscribe(allLogs.Ref, typeof(LogEvent));
        Emulator.Faults.Add(new FaultRule { Target = FaultTarget.Token, StatusCode = 503, Count = 1 });
        var manager = StartManager(random: 0.5);
        manager.Tell(new GetCredential(1, TimeSpan.FromSeconds(10)));
        AwaitState(manager, TokenManagerState.BackingOff);
        Advance(TimeSpan.FromSeconds(1));
        var first = ExpectMsg<CredentialGranted>(Patience).Credential;
        manager.Tell(new TokenRejected(1));
        AwaitCondition(() => CurrentOf(manager)?.Generation == 2, Patience);
        var second = Get(manager).Credential;

        manager.Tell(new UpdateCredentials(new SinchCredentials(ProjectId, KeyId, "wrong-secret-x", Emulator.TokenUrl)) { ReportTo = TestActor });
        var refused = ExpectMsg<CredentialsRefused>(Patience).Error;
        Watch(manager);
        Sys.Stop(manager);
        ExpectTerminated(manager, Patience);

        var logged = allLogs.ReceiveWhile(TimeSpan.FromMilliseconds(300), e => e as LogEvent).Select(e => e!.ToString()).ToList();
        string[] texts = [.. logged, refused.ToString(), first.ToString(), second.ToString(), Credentials.ToString()];
        string[] secrets = [Secret, "wrong-secret", first.Authorization.Parameter!, second.Authorization.Parameter!,
            Credentials.BasicAuthorization.Parameter!];
        Assert.NotEmpty(logged);
        foreach (var secret in secrets)
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
    }
}
