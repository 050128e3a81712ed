using System.Net;
using Akka.Actor;
using SinchActors.Api.AccessKeys;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Projects;
using SinchActors.Reliability.Tests.Infrastructure;
using SinchActors.Requests;
using Xunit.Abstractions;
using SinchActors.Hosting;

namespace SinchActors.Reliability.Tests;

/// <summary>
/// The big loads moved out of the unit suite: a storm of first requests over many projects against the global token
/// fetch cap, and many faulted reads and writes that each complete once without a duplicate side effect.
/// </summary>
[Collection(Alone.Name)]
public sealed class LoadSuite(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private SinchEmulator _emulator = null!;
    private ActorSystem _system = null!;

    public async Task InitializeAsync()
    {
        _emulator = await SinchEmulator.StartAsync(new EmulatorOptions { MaxKeysPerProject = 100_000, TokenBucketCapacity = 10_000 });
        _system = ActorSystem.Create("load", "akka.loglevel = ERROR");
    }

    public async Task DisposeAsync()
    {
        await _system.Terminate();
        await _emulator.DisposeAsync();
    }

    private SinchActorsOptions Fast() => new SinchActorsOptions
    {
        Requests =
        {
            Workers = 4,
            BackoffBase = TimeSpan.FromMilliseconds(1),
            BackoffMax = TimeSpan.FromMilliseconds(10),
            // These suites count outcomes, not latency. Thousands of calls at once on two cores shared with other
            // test assemblies can keep an attempt waiting for seconds; timed-out attempts count against the circuit
            // breaker, which then fails every call with SinchCircuitOpenException (seen at 5 s under load).
            AttemptTimeout = TimeSpan.FromSeconds(30),
            MaxInFlight = 100_000,
            MaxInFlightPerProject = 100_000,
        },
    }.OnEmulator(_emulator);

    [Fact]
    public async Task Projects_started_together_cost_one_token_request_each_and_never_more_in_flight_than_the_cap()
    {
        var count = Size.Of(ci: 2_000, full: 10_000);
        var projects = Tenants.Seed(_emulator, "storm", count);
        var options = Fast();
        options.ProjectRegistry.MaxConcurrentTokenFetches = 8;
        foreach (var project in projects)
            options.AddProject(project);
        await using var runtime = await SinchRuntime.CreateAsync(_system, options);
        _emulator.Stats.Reset();

        var responses = await Task.WhenAll(projects.Select(project => runtime.Client.SendAsync(Tenants.ListKeys(project)))).WaitAsync(Patience);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(count, projects.Sum(project => _emulator.Stats.Tokens(project.KeyId).Issued));
        output.WriteLine($"storm ({Size.Name}): {count} projects; peak concurrent token requests {_emulator.Stats.PeakConcurrentTokenRequests} (cap 8)");
        Assert.InRange(_emulator.Stats.PeakConcurrentTokenRequests, 1, 8);
    }

    [Fact]
    public async Task Faulted_reads_and_writes_each_complete_once_without_duplicate_side_effects()
    {
        var perKind = Size.Of(ci: 1_000, full: 5_000);
        var reader = Tenants.Seed(_emulator, "load-get");
        var writer = Tenants.Seed(_emulator, "load-post");
        var options = Fast().AddProject(reader).AddProject(writer);
        options.Requests.MaxRetries = 6;
        // This suite checks that each call completes once, not the breaker. In about 1 run in 5 a burst of 2,000 calls
        // opened the circuit while the server had answered only 9% of ~280 attempts with 503: the failures counted
        // never reached the server (open defect, tracked in the session note). Open only when every attempt fails.
        options.Requests.CircuitBreaker.FailureRatio = 1.0;
        options.Requests.DefaultDeadline = TimeSpan.FromSeconds(60);
        await using var runtime = await SinchRuntime.CreateAsync(_system, options);
        _emulator.Faults.Add(new FaultRule { Target = FaultTarget.AccessKeys, ProjectId = reader.ProjectId, StatusCode = 503, Probability = 0.1 });
        _emulator.Faults.Add(new FaultRule { Target = FaultTarget.AccessKeys, ProjectId = writer.ProjectId, StatusCode = 429, Method = "POST", Probability = 0.1 });

        var gets = new Task[perKind];
        var posts = new Task<CreatedAccessKey>[perKind];
        for (var i = 0; i < perKind; i++)
        {
            gets[i] = runtime.Client.SendAsync(Tenants.ListKeys(reader));
            posts[i] = runtime.Client.AccessKeys.CreateAsync(writer.ProjectId, $"load-{i}");
        }
        var all = gets.Concat(posts).ToArray();
        try
        {
            await Task.WhenAll(all).WaitAsync(Patience);
        }
        catch (Exception) when (all.All(task => task.IsCompleted))
        {
            // A few may exhaust their retries: whatever they failed with is checked below; a timeout is not swallowed.
        }

        var failures = all.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).ToList();
        output.WriteLine($"faulted load ({Size.Name}): {2 * perKind} calls, {failures.Count} failed after all retries: " +
                         string.Join("; ", failures.GroupBy(e => e!.GetType().Name).Select(g => $"{g.Count()} {g.Key} ({g.First()!.Message})")));
        Assert.All(failures, e => Assert.True(e is SinchApiException { IsTransient: true }, $"unexpected {e}"));
        Assert.InRange(failures.Count, 0, 9);
        var created = posts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result.AccessKey.DisplayName!).ToList();
        Assert.Equal(created.Count, created.Distinct().Count());
        Assert.All(created, name => Assert.Equal(1, _emulator.Stats.Posts(name)));
        Assert.Equal(created.Count, Enumerable.Range(0, perKind).Sum(i => _emulator.Stats.Posts($"load-{i}")));
        Assert.Equal(1 + created.Count, _emulator.KeyCount(writer.ProjectId));
        Assert.True(_emulator.Stats.ApiRequests(reader.ProjectId, 503) > 0, "faults were injected and retried");
    }
}
