using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Reliability.Tests.Infrastructure;
using SinchActors.Requests;
using Xunit.Abstractions;
using SinchActors.Hosting;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Reliability.Tests;

/// <summary>
/// R1 chaos: mixed reads and writes over 50 projects while the emulator answers 10% 5xx, 5% 429 with Retry-After,
/// aborts 2% of reads mid-response, fails 20% of token requests with 503, issues 10 s tokens and rejects 1% of
/// valid tokens. Nothing is lost, no write is repeated, reads recover, the token endpoint is not stormed.
/// </summary>
public sealed class ChaosSuite(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(10);
    private const double TokenFailureRate = 0.2;
    private const int MaxRetries = 8;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    // Every call is answered by its deadline, or by the watchdog within its grace and sweep interval after it; the
    // slack covers a loaded machine. A call still unanswered then is lost.
    private static readonly TimeSpan AnswerBound = Deadline + RequestCompletion.WatchdogGrace + DeadlineSweeper.Interval + TimeSpan.FromSeconds(5);
    private readonly int _calls = Size.Of(ci: 5_000, full: 50_000);
    private SinchEmulator _emulator = null!;
    private ActorSystem _system = null!;

    public async Task InitializeAsync()
    {
        _emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TokenLifetime = TokenLifetime });
        _system = ActorSystem.Create("chaos", "akka.loglevel = ERROR");
    }

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Every_call_completes_once_reads_recover_within_their_retries_no_write_repeats_and_token_requests_stay_in_budget()
    {
        var projects = Tenants.Seed(_emulator, "chaos", 50);
        _emulator.Faults.Set(new FaultSettings
        {
            Seed = 1201,
            Rules =
            [
                new FaultRule { Target = FaultTarget.Token, StatusCode = 503, Probability = TokenFailureRate },
                new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, Probability = 0.01 },
                new FaultRule { Target = FaultTarget.Api, StatusCode = 429, RetryAfterSeconds = 1, Probability = 0.05 },
                new FaultRule { Kind = FaultKind.Abort, Target = FaultTarget.Api, Method = "GET", Probability = 0.02 },
                // Half of the 5xx strike after the server did the work: a write answered so must never be repeated.
                new FaultRule { Target = FaultTarget.Api, StatusCode = 502, Probability = 0.05 },
                new FaultRule { Target = FaultTarget.Api, StatusCode = 500, Timing = FaultTiming.AfterProcessing, Probability = 0.05 },
            ],
        });
        var deadLetters = new DeadLetterWatch(_system);
        var options = new SinchActorsOptions
        {
            Requests =
            {
                MaxRetries = MaxRetries,
                BackoffBase = TimeSpan.FromMilliseconds(20),
                BackoffMax = TimeSpan.FromMilliseconds(500),
                DefaultDeadline = Deadline,
            },
            // 10 s tokens: the reference 30 s safety margin would leave nothing to use.
            Auth = { MinBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromSeconds(2) },
        }.OnEmulator(_emulator);
        foreach (var project in projects)
            options.AddProject(project);
        await using var runtime = await SinchRuntime.CreateAsync(_system, options);

        var outcomes = new ConcurrentBag<Outcome>();
        var lost = new ConcurrentBag<int>();
        var clock = Stopwatch.StartNew();
        var submitted = await ClosedLoop.RunAsync(_calls, concurrency: 256, async i =>
        {
            var random = new Random(i);
            var project = projects[random.Next(projects.Length)];
            var kind = random.Next(10) switch { < 4 => Call.List, < 7 => Call.Get, _ => Call.Create };
            Task? call = null;
            try
            {
                call = kind == Call.Create
                    ? runtime.Client.AccessKeys.CreateAsync(project.ProjectId, $"chaos-{i}")
                    : runtime.Client.SendAsync(kind == Call.List ? Tenants.ListKeys(project) : Tenants.GetKey(project));
                await call.WaitAsync(AnswerBound);
                outcomes.Add(new Outcome(i, kind, project, null));
            }
            catch (TimeoutException) when (call is { IsCompleted: false })
            {
                lost.Add(i); // the runtime's answer, not the test's catch, decides every outcome
            }
            catch (Exception e)
            {
                outcomes.Add(new Outcome(i, kind, project, e));
            }
        });
        var elapsed = clock.Elapsed;
        deadLetters.Stop();

        var failed = outcomes.Where(o => o.Error is not null).ToList();
        var reads = outcomes.Where(o => o.Kind != Call.Create).ToList();
        var readFailures = failed.Where(o => o.Kind != Call.Create).ToList();
        var writes = outcomes.Where(o => o.Kind == Call.Create).ToList();
        var stats = _emulator.Stats.Snapshot();
        output.WriteLine($"R1 chaos ({Size.Name}): {submitted} submitted, {outcomes.Count} completed in {elapsed.TotalSeconds:F1} s; " +
                         $"reads {reads.Count} ({readFailures.Count} failed), writes {writes.Count} ({failed.Count - readFailures.Count} failed); " +
                         $"faults injected {stats.FaultsInjected}; token requests {stats.Tokens.Values.Sum(t => t.Issued + t.Rejected + t.RateLimited)} " +
                         $"(issued {stats.Tokens.Values.Sum(t => t.Issued)}); dead letters {deadLetters.Letters.Count}");
        foreach (var kind in failed.GroupBy(o => Describe(o.Error!)))
            output.WriteLine($"  {kind.Key}: {kind.Count()}");

        // Completions = submissions, each call exactly once.
        Assert.True(lost.IsEmpty, $"{lost.Count} call(s) not answered within {AnswerBound}: {string.Join(", ", lost.Order().Take(20))}");
        Assert.Equal(_calls, submitted);
        Assert.Equal(_calls, outcomes.Count);
        Assert.Equal(_calls, outcomes.Select(o => o.Index).Distinct().Count());

        // Reads succeed within their retries. The only way one may fail is the documented limit of one token
        // refresh per call: a second (spurious) 401, on the fresh token, is answered, not retried.
        Assert.All(readFailures, o => Assert.True(o.Error is SinchApiException { StatusCode: 401 }, $"read failed: {o.Error}"));
        Assert.InRange(readFailures.Count, 0, Math.Max(3, reads.Count / 1_000));

        // A write fails only with a 5xx it may have been processed under (or the second 401); never retried, so never doubled.
        Assert.All(failed.Where(o => o.Kind == Call.Create), o =>
            Assert.True(o.Error is SinchApiException { StatusCode: 500 or 502 or 401 }, $"write failed: {o.Error}"));
        Assert.All(writes, o => Assert.InRange(_emulator.Stats.Posts($"chaos-{o.Index}"), 0, 1));
        Assert.All(writes.Where(o => o.Error is null), o => Assert.Equal(1, _emulator.Stats.Posts($"chaos-{o.Index}")));
        Assert.True(stats.FaultsInjected > _calls / 10, "the faults struck");

        // The token endpoint is asked within the documented budget of each key, and never throttled.
        foreach (var project in projects)
        {
            var tokens = _emulator.Stats.Tokens(project.KeyId);
            var rejections = _emulator.Stats.ApiRequests(project.ProjectId, 401);
            Assert.InRange(tokens.Issued, 1, TokenBudget.Issued(elapsed, TokenLifetime, rejections));
            Assert.InRange(tokens.Issued + tokens.Rejected + tokens.RateLimited, 1, TokenBudget.Requests(elapsed, TokenLifetime, rejections, TokenFailureRate));
            Assert.Equal(0, tokens.RateLimited);
        }

        Assert.True(deadLetters.Letters.Count == 0, deadLetters.Describe());
    }

    private static string Describe(Exception e) => e is SinchApiException api ? $"{e.GetType().Name} {api.StatusCode}" : e.GetType().Name;

    private enum Call
    {
        List,
        Get,
        Create,
    }

    private sealed record Outcome(int Index, Call Kind, SinchCredentials Project, Exception? Error);
}
