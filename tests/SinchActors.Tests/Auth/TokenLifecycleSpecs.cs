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
/// the token managers, so hours of token lifetimes run in seconds and every count is the emulator's.
/// </summary>
public sealed class TokenLifecycleSpecs(ITestOutputHelper output) : VirtualTimeTestKit(output), IAsyncLifetime
{
    private readonly ITestOutputHelper _output = output;
    private const string ProjectId = "project-l";
    private const string KeyId = "key-l";
    private const string Secret = "secret-l";
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler());
    private CountingTokenClient _tokenClient = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
            await disposable.DisposeAsync();
        _http.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(3600)]
    public async Task Under_steady_load_any_lifetime_costs_one_token_per_refresh_period_with_no_failure_and_no_expired_token(int lifetimeSeconds)
    {
        var lifetime = TimeSpan.FromSeconds(lifetimeSeconds);
        var (emulator, runtime) = await StartAsync(lifetime);
        var step = lifetime / 20;
        var duration = lifetime * 6;

        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SendAsync(runtime)));
            Advance(step);
            AwaitCondition(() => StateOf(Manager(runtime)).State != TokenManagerState.Fetching, Patience);
        }

        var refreshPeriods = (int)Math.Ceiling(duration / (lifetime * (TokenManagerSettings.Default.RefreshFraction - TokenManagerSettings.Default.RefreshJitter)));
        Assert.Equal(0, emulator.Stats.Unauthorized(UnauthorizedReason.ExpiredToken));
        Assert.InRange(TokenRequests(emulator), 6, refreshPeriods + 1);
        Assert.Equal(TokenRequests(emulator), emulator.Stats.Tokens(KeyId).Issued);
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
        AwaitCondition(() => StateOf(Manager(runtime)).State == TokenManagerState.Serving, Patience);
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
            secret: mode == "refused key" ? "wrong-secret" : Secret);
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
            // Virtual time moves on only once the token request in flight (real HTTP) has ended.
            AwaitCondition(() => StateOf(Manager(runtime)).State != TokenManagerState.Fetching, Patience);
        }
        for (var i = 0; i < 40 && calls.Any(call => !call.IsCompleted); i++)
            Advance(TimeSpan.FromSeconds(1)); // past every deadline
        await Task.WhenAll(calls).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);

        var budget = TokenManagerSettings.Default.FetchBudgetBurst + (int)Math.Ceiling(duration.TotalMinutes * TokenManagerSettings.Default.FetchBudgetPerMinute);
        _output.WriteLine($"{mode}: {_tokenClient.Calls} token requests sent ({TokenRequests(emulator)} answered) in {duration.TotalMinutes} min; " +
                         $"{calls.Count(c => c.IsCompletedSuccessfully)} of {calls.Count} calls succeeded");
        Assert.All(calls, call => Assert.True(call.IsCompleted));
        Assert.InRange(_tokenClient.Calls, 1, budget); // sent, whether or not the endpoint answered in time
        Assert.InRange(TokenRequests(emulator), 0, _tokenClient.Calls);
    }

    private async Task<(SinchEmulator Emulator, SinchRuntime Runtime)> StartAsync(TimeSpan tokenLifetime, string secret = Secret)
    {
        var emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TimeProvider = Clock, TokenLifetime = tokenLifetime });
        _disposables.Add(emulator);
        emulator.SeedKey(ProjectId, KeyId, Secret);
        _tokenClient = new CountingTokenClient(new TokenClient(_http, TimeSpan.FromSeconds(10)));
        var options = new SinchActorsOptions
        {
            TimeProvider = Clock,
            TokenClient = _tokenClient,
            Auth = { FetchTimeout = TimeSpan.FromMilliseconds(200) },
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
