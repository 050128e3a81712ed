using System.Net;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Emulator.Stats;
using SinchActors.Reliability.Tests.Infrastructure;
using SinchActors.Requests;
using Xunit.Abstractions;
using SinchActors.Hosting;

namespace SinchActors.Reliability.Tests;

/// <summary>
/// R2 token outage, in virtual time: the token endpoint is down for twice the token lifetime. Calls succeed on the
/// token in hand until it expires, then fail with <see cref="SinchAuthUnavailableException"/> no later than their
/// deadline; once the endpoint is back, service resumes within one back-off. Each step of virtual time waits for the
/// token requests it caused, so nothing here depends on the machine's speed.
/// </summary>
public sealed class TokenOutageSuite(ITestOutputHelper output)
    : TestKit("""akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """ + "\nakka.loglevel = WARNING", output: output), IAsyncLifetime
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    // Not below the attempt timeout (10 s); a 60 s token is counted as 59 s (less the server's whole second), and its
    // margin is a tenth of that, 5.9 s.
    private static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan UsableFor = Lifetime - TimeSpan.FromSeconds(1) - TimeSpan.FromSeconds(5.9);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan OutageStart = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OutageEnd = OutageStart + 2 * Lifetime;
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler());
    private SinchEmulator _emulator = null!;
    private SchedulerClock _clock = null!;
    private DateTimeOffset _start;

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private TimeSpan Elapsed => Scheduler.Now - _start;

    public async Task InitializeAsync()
    {
        _clock = new SchedulerClock(Scheduler);
        _start = Scheduler.Now;
        _emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TimeProvider = _clock, TokenLifetime = Lifetime });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Calls_succeed_on_the_token_in_hand_until_it_expires_and_never_send_it_expired()
    {
        await using var outage = await StartAsync();

        await outage.SucceedUntilExpiryAsync();

        Assert.Equal(0, _emulator.Stats.Unauthorized(UnauthorizedReason.ExpiredToken));
        Assert.Single(outage.Tokens.IssuedTokens); // none during the outage
    }

    [Fact]
    public async Task Service_resumes_within_one_backoff_after_the_endpoint_returns()
    {
        await using var outage = await StartAsync();
        await outage.SucceedUntilExpiryAsync();

        await AdvanceAsync(OutageEnd - Elapsed, outage);
        var call = outage.Runtime.Client.SendAsync(Tenants.ListKeys(outage.Project));
        var issued = outage.Tokens.IssuedTokens.Count;
        // Time moves in steps, so the last failed fetch's back-off may be armed up to one step after it was sent: one
        // back-off plus one step is the bound.
        var step = TimeSpan.FromMilliseconds(100);
        while (outage.Tokens.IssuedTokens.Count == issued && Elapsed - OutageEnd <= MaxBackoff + step)
            await AdvanceAsync(step, outage); // each step waits for the token request it caused
        var resumedAfter = Elapsed - OutageEnd;
        var response = await call.WaitAsync(Patience);
        Output?.WriteLine($"R2 token outage: token requests refused {_emulator.Stats.Tokens(outage.Project.KeyId).Rejected}; " +
                          $"the first call after the endpoint returned was served after {resumedAfter.TotalSeconds:F1} s (one back-off is at most {MaxBackoff.TotalSeconds} s)");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(issued, outage.Tokens.IssuedTokens.Count);
        Assert.InRange(resumedAfter, TimeSpan.Zero, MaxBackoff + step);
        await outage.SucceedsAsync();
    }

    [Fact]
    public async Task Once_the_token_expired_during_the_outage_every_call_fails_fast_with_auth_unavailable()
    {
        await using var outage = await StartAsync();
        await outage.SucceedUntilExpiryAsync();

        var failures = 0;
        while (Elapsed < OutageEnd - CallDeadline - TimeSpan.FromSeconds(1))
        {
            var call = outage.Runtime.Client.SendAsync(Tenants.ListKeys(outage.Project) with { Deadline = CallDeadline });
            var asked = Elapsed;
            while (!call.IsCompleted && Elapsed - asked < CallDeadline)
                await AdvanceAsync(TimeSpan.FromMilliseconds(250), outage);
            var error = await Assert.ThrowsAsync<SinchAuthUnavailableException>(() => call.WaitAsync(Patience));
            Assert.Equal(outage.Project.ProjectId, error.ProjectId);
            Assert.InRange(Elapsed - asked, TimeSpan.Zero, CallDeadline);
            failures++;
            await AdvanceAsync(TimeSpan.FromSeconds(10), outage);
        }
        Assert.InRange(failures, 5, int.MaxValue); // calls tried during the outage
    }

    /// <summary>A runtime serving one project whose token endpoint fails from <see cref="OutageStart"/> to <see cref="OutageEnd"/>.</summary>
    private async Task<Outage> StartAsync()
    {
        var project = Tenants.Seed(_emulator, "outage");
        _emulator.Faults.Add(new FaultRule
        {
            Target = FaultTarget.Token, StatusCode = 503, ActiveFrom = _start + OutageStart, ActiveUntil = _start + OutageEnd,
        });
        var tokens = new TrackingTokenClient(new TokenClient(_http, TimeSpan.FromSeconds(10), _clock));
        var options = new SinchActorsOptions
        {
            TimeProvider = _clock,
            TokenClient = tokens,
            Auth = { SafetyMargin = SafetyMargin, MaxBackoff = MaxBackoff },
        }.OnEmulator(_emulator).AddProject(project);
        var runtime = await SinchRuntime.CreateAsync(Sys, options);
        return new Outage(this, runtime, project, tokens, Sys.ActorSelection(runtime.ProjectRegistry.Path / "key-1"));
    }

    private sealed record Outage(TokenOutageSuite Suite, SinchRuntime Runtime, SinchCredentials Project, TrackingTokenClient Tokens, ActorSelection Manager)
        : IAsyncDisposable
    {
        public async Task SucceedsAsync()
        {
            var response = await Runtime.Client.SendAsync(Tenants.ListKeys(Project)).WaitAsync(Patience);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        /// <summary>Calls once a second (virtual) while the token in hand is usable; the outage begins at 30 s, its refresh at about 47 s fails.</summary>
        public async Task SucceedUntilExpiryAsync()
        {
            await SucceedsAsync();
            var usableUntil = UsableFor;
            while (Suite.Elapsed < usableUntil - TimeSpan.FromSeconds(1))
            {
                await Suite.AdvanceAsync(TimeSpan.FromSeconds(1), this);
                await SucceedsAsync();
            }
            Assert.True(Suite._emulator.Stats.Tokens(Project.KeyId).Rejected > 0, "the refresh ran into the outage");
            await Suite.AdvanceAsync(usableUntil - Suite.Elapsed + TimeSpan.FromSeconds(1), this);
        }

        public ValueTask DisposeAsync() => Runtime.DisposeAsync();
    }

    /// <summary>
    /// Moves virtual time in steps of at most 100 ms; after each, waits until the refresh scheduler and the token
    /// manager have handled what the step made due and any token request it started has been answered and handled.
    /// </summary>
    private async Task AdvanceAsync(TimeSpan by, Outage outage)
    {
        var step = TimeSpan.FromMilliseconds(100);
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            Scheduler.Advance(by - moved < step ? by - moved : step);
            // A refresh falls due at the runtime's refresh scheduler, which then tells the manager.
            await outage.Runtime.Refreshes.Ask<ActorIdentity>(new Identify(null), Patience);
            await outage.Manager.Ask<ActorIdentity>(new Identify(null), Patience);
            await Await.UntilAsync(() => outage.Tokens.InFlight == 0, "the token request to be answered", Patience);
            await outage.Manager.Ask<ActorIdentity>(new Identify(null), Patience);
        }
    }
}
