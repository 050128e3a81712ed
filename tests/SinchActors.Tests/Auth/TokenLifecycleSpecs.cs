using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Emulator.Stats;
using SinchActors.Requests;
using Xunit.Abstractions;
using SinchActors.Hosting;

namespace SinchActors.Tests.Auth;

/// <summary>
/// The whole runtime over real HTTP against an emulator that issues and expires tokens on the same virtual clock as
/// the token managers, so hours of token lifetimes run in seconds and every count is the emulator's. Token answers
/// take a round trip of virtual time (<see cref="VirtualRoundTrip"/>), and time moves on only once whatever fell due
/// has run: the refreshes and retries have sent their requests, their answers have reached the manager, and the calls
/// sent with a usable token have been answered.
/// </summary>
public sealed class TokenLifecycleSpecs(ITestOutputHelper output) : VirtualTimeTestKit(output), IAsyncLifetime
{
    private readonly ITestOutputHelper _output = output;
    private const string ProjectId = "project-l";
    private const string KeyId = "key-l";
    private const string Secret = "secret-l";
    private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(250);
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler());
    private VirtualRoundTrip _network = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
            await disposable.DisposeAsync();
        _http.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    public async Task Tokens_of_a_whole_second_server_never_expire_in_use_under_concurrent_load_at_one_request_per_lifetime_begun(int lifetimeSeconds)
    {
        var lifetime = TimeSpan.FromSeconds(lifetimeSeconds);
        var (emulator, runtime) = await StartAsync(lifetime, wholeSecondTokens: true, RoundTrip);
        var manager = Manager(runtime);
        var (step, duration, callers) = (lifetime / 20, lifetime * 5, 8);
        var pending = new List<Task<SinchResponse>>();
        var calls = 0;

        var end = Clock.GetUtcNow() + duration;
        while (Clock.GetUtcNow() < end || pending.Count > 0)
        {
            await SettleAsync(runtime, manager);
            var usable = CurrentOf(manager) is not null;
            if (Clock.GetUtcNow() < end)
            {
                pending.AddRange(Enumerable.Range(0, callers).Select(_ => SendAsync(runtime)));
                calls += callers;
            }
            if (usable)
            {
                // Answered while time stands still, unless a 401 sent one back to wait for a new token.
                await AwaitAssertAsync(() => Assert.True(pending.TrueForAll(c => c.IsCompleted) || StateOf(manager).Waiters > 0),
                    Patience, TimeSpan.FromMilliseconds(2));
                await Task.WhenAll(pending.Where(c => c.IsCompleted)); // any failure surfaces here
                pending.RemoveAll(c => c.IsCompleted);
            }
            Advance(step); // calls that found no usable token wait for the next one
            Assert.True(Clock.GetUtcNow() < end + 2 * lifetime, $"{pending.Count} calls still waiting two lifetimes after the load ended");
        }

        // Lifetimes begin at each refresh: at the earliest 75% of what the rule leaves of the lifetime, and for a
        // lifetime under 2 s once a whole second, never twice in the same second.
        var settings = TokenManagerSettings.Default;
        var shortestRefresh = lifetime >= TimeSpan.FromSeconds(2)
            ? (lifetime - TimeSpan.FromSeconds(1)) * (settings.RefreshFraction - settings.RefreshJitter)
            : TimeSpan.FromSeconds(1);
        var lifetimesBegun = (int)Math.Ceiling(duration / shortestRefresh);
        var expired = emulator.Stats.Unauthorized(UnauthorizedReason.ExpiredToken);
        _output.WriteLine($"{lifetimeSeconds} s tokens: {calls} calls, {_network.Sent} token requests (lifetimes begun {lifetimesBegun}), " +
                          $"{expired} expired-token 401s");
        Assert.Equal(0, expired);
        Assert.Equal(0, Enum.GetValues<UnauthorizedReason>().Sum(emulator.Stats.Unauthorized));
        Assert.InRange(_network.Sent, (int)(duration / lifetime), lifetimesBegun + 1);
        Assert.Equal(_network.Sent, emulator.Stats.Tokens(KeyId).Issued);
    }

    [Fact]
    public async Task When_the_API_rejects_every_fresh_token_callers_fail_fast_with_a_typed_error_and_calls_succeed_again_within_one_probe()
    {
        var (emulator, runtime) = await StartAsync(TimeSpan.FromHours(1));
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api });

        var first = await Assert.ThrowsAsync<SinchApiException>(() => SendAsync(runtime)); // 401, then 401 with the next token
        Assert.Equal(401, first.StatusCode);
        var second = SendAsync(runtime); // waits for the third token: refetches are min-refetch-interval apart
        Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<SinchAuthenticationException>(() => second);
        Assert.Equal((SinchAuthenticationFailure.TokensRejectedByApi, ProjectId, KeyId), (error.Failure, error.ProjectId, error.KeyId));
        Assert.Contains("401", error.Message);
        for (var i = 0; i < 50; i++)
            await Assert.ThrowsAsync<SinchAuthenticationException>(() => SendAsync(runtime));
        Assert.Equal(3, TokenRequests(emulator));

        emulator.Faults.Clear();
        Advance(TimeSpan.FromSeconds(30));
        await SettleAsync(runtime, Manager(runtime)); // the probe has been sent and its token taken
        Assert.Equal(TokenManagerState.Serving, StateOf(Manager(runtime)).State);
        await SendAsync(runtime);
        Assert.Equal(4, TokenRequests(emulator));
    }

    [Fact]
    public async Task A_401_seen_by_one_of_a_hundred_concurrent_requests_fails_none_and_costs_one_refetch()
    {
        var (emulator, runtime) = await StartAsync(TimeSpan.FromHours(1));
        await SendAsync(runtime);
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, Count = 1 });

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => SendAsync(runtime)));

        Assert.Equal(1, emulator.Stats.Unauthorized(UnauthorizedReason.Spurious));
        Assert.Equal(2, TokenRequests(emulator));
    }

    [Fact]
    public async Task A_short_token_rejected_within_the_refetch_floor_is_replaced_by_its_refresh_not_left_to_expire()
    {
        var (emulator, runtime) = await StartAsync(TimeSpan.FromSeconds(2), wholeSecondTokens: true);
        var manager = Manager(runtime);
        await SendAsync(runtime);
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, Count = 1 });
        await SendAsync(runtime); // a 401, then generation 2 at once: the first refetch has no floor to wait for
        emulator.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, Count = 1 });

        var call = SendAsync(runtime); // a 401 on generation 2: its refetch is held back by min-refetch-interval (5 s)
        await AwaitAssertAsync(() => Assert.Equal(TokenManagerState.BackingOff, StateOf(manager).State), Patience, TimeSpan.FromMilliseconds(5));
        for (var i = 0; i < 10; i++) // past generation 2's refresh (at most 0.85 s after its request)
        {
            Advance(TimeSpan.FromMilliseconds(100));
            await SettleAsync(runtime, manager);
        }

        Assert.Equal(3, StateOf(manager).Generation);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await call.WaitAsync(Patience)).StatusCode);
        Assert.Equal(3, _network.Sent);
        Assert.Equal(0, emulator.Stats.Unauthorized(UnauthorizedReason.ExpiredToken));
    }

    public static TheoryData<string> FailureModes =>
    [
        "token endpoint 503", "token endpoint 429 with Retry-After", "token endpoint 429 without Retry-After", "token endpoint timeout",
        "refused key", "lifetime too short", "API 401 on every call", "API 401 on 1% of calls",
    ];

    [Theory]
    [MemberData(nameof(FailureModes))]
    public async Task Token_requests_per_key_stay_within_the_budget_in_every_failure_mode_and_every_call_is_answered(string mode)
    {
        var (emulator, runtime) = await StartAsync(mode == "lifetime too short" ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromHours(1),
            secret: mode == "refused key" ? "wrong-secret" : Secret, fetchTimeout: TimeSpan.FromMilliseconds(200));
        var manager = Manager(runtime);
        FaultRule? fault = mode switch
        {
            "token endpoint 503" => new() { Target = FaultTarget.Token, StatusCode = 503 },
            "token endpoint 429 with Retry-After" => new() { Target = FaultTarget.Token, StatusCode = 429, RetryAfterSeconds = 2 },
            "token endpoint 429 without Retry-After" => new() { Target = FaultTarget.Token, StatusCode = 429 },
            "token endpoint timeout" => new() { Kind = FaultKind.Latency, Target = FaultTarget.Token, LatencyMs = 1000 },
            "API 401 on every call" => new() { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api },
            "API 401 on 1% of calls" => new() { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, Probability = 0.01 },
            _ => null,
        };
        if (fault is not null)
            emulator.Faults.Add(fault);
        var duration = TimeSpan.FromMinutes(2);

        var calls = new List<Task>();
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += TimeSpan.FromMilliseconds(250))
        {
            calls.AddRange(Enumerable.Range(0, 4).Select(_ => SendAsync(runtime)));
            Advance(TimeSpan.FromMilliseconds(250));
            await SettleAsync(runtime, manager);
        }
        for (var i = 0; i < 40 && calls.Any(call => !call.IsCompleted); i++)
        {
            Advance(TimeSpan.FromSeconds(1)); // past every deadline
            await SettleAsync(runtime, manager);
        }
        await Task.WhenAll(calls).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);

        var budget = TokenManagerSettings.Default.FetchBudgetBurst + (int)Math.Ceiling(duration.TotalMinutes * TokenManagerSettings.Default.FetchBudgetPerMinute);
        _output.WriteLine($"{mode}: {_network.Sent} token requests sent ({TokenRequests(emulator)} answered) in {duration.TotalMinutes} min; " +
                         $"{calls.Count(c => c.IsCompletedSuccessfully)} of {calls.Count} calls succeeded");
        Assert.All(calls, call => Assert.True(call.IsCompleted));
        Assert.InRange(_network.Sent, 1, budget); // sent, whether or not the endpoint answered in time
        Assert.InRange(TokenRequests(emulator), 0, _network.Sent);
    }

    /// <summary>
    /// Lets whatever fell due by now run before time moves on: the refreshes, retries and probes send their token
    /// requests, the server answers them (real HTTP), the answers whose round trip has passed reach the manager, and so
    /// on for the requests those answers start.
    /// </summary>
    private async Task SettleAsync(SinchRuntime runtime, IActorRef manager)
    {
        do
        {
            Sync(runtime.Refreshes);
            Sync(manager); // a refresh, retry or probe due by now has sent its request
            await _network.AnsweredAsync();
        }
        while (_network.ReleaseDue() > 0 && await TakenAsync(manager));
    }

    // An answer reaches the manager through PipeTo, off this thread: until then it is fetching, unless it took the
    // answer and sent the next request already.
    private async Task<bool> TakenAsync(IActorRef manager)
    {
        await AwaitAssertAsync(() => Assert.True(_network.Unreleased > 0 || StateOf(manager).State != TokenManagerState.Fetching),
            Patience, TimeSpan.FromMilliseconds(5));
        return true;
    }

    private async Task<(SinchEmulator Emulator, SinchRuntime Runtime)> StartAsync(TimeSpan tokenLifetime, bool wholeSecondTokens = false,
        TimeSpan latency = default, string secret = Secret, TimeSpan? fetchTimeout = null)
    {
        var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
        {
            TimeProvider = Clock, TokenLifetime = tokenLifetime, WholeSecondTokens = wholeSecondTokens,
        });
        _disposables.Add(emulator);
        emulator.SeedKey(ProjectId, KeyId, Secret);
        _network = new VirtualRoundTrip(new TokenClient(_http, TimeSpan.FromSeconds(10)), Clock, latency);
        var options = new SinchActorsOptions
        {
            TimeProvider = Clock,
            TokenClient = _network,
            Auth = { FetchTimeout = fetchTimeout ?? TokenManagerSettings.Default.FetchTimeout },
        };
        foreach (var family in Enum.GetValues<SinchApiFamily>())
            options.Requests.BaseUrls[family.ToString()] = emulator.BaseUrl.ToString();
        options.AddProject(new SinchCredentials(ProjectId, KeyId, secret, emulator.TokenUrl));
        var runtime = await SinchRuntime.CreateAsync(Sys, options);
        _disposables.Add(runtime);
        return (emulator, runtime);
    }

    private static Task<SinchResponse> SendAsync(SinchRuntime runtime) =>
        runtime.Client.SendAsync(new SinchRequest(HttpMethod.Get, ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{ProjectId}/accessKeys"));

    private static IActorRef Manager(SinchRuntime runtime) =>
        runtime.Directory.TryGet(ProjectId, out var handle) ? handle.TokenManager : throw new InvalidOperationException("not registered");

    private static long TokenRequests(SinchEmulator emulator)
    {
        var counts = emulator.Stats.Tokens(KeyId);
        return counts.Issued + counts.Rejected + counts.RateLimited;
    }
}
