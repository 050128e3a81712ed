using SinchActors.Api.AccessKeys;
using SinchActors.Emulator.Faults;

namespace SinchActors.Tests.Requests;

public class LoadSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    [Fact]
    public async Task Ten_thousand_requests_with_ten_percent_faults_each_complete_once_without_duplicate_side_effects()
    {
        const int perKind = 5_000;
        var reader = Fixture.NewProject("load-get");
        var writer = Fixture.NewProject("load-post");
        var settings = FastSettings with { MaxInFlight = 20_000, MaxInFlightPerProject = 20_000, MaxRetries = 6, DefaultDeadline = TimeSpan.FromSeconds(60) };
        var client = StartRuntime(settings, reader, writer).Client;
        Inject(reader, new FaultRule { StatusCode = 503, Probability = 0.1 });
        Inject(writer, new FaultRule { StatusCode = 429, Method = "POST", Probability = 0.1 });

        var gets = new Task[perKind];
        var posts = new Task<CreatedAccessKey>[perKind];
        for (var i = 0; i < perKind; i++)
        {
            gets[i] = client.SendAsync(Get(reader));
            posts[i] = client.AccessKeys.CreateAsync(writer.ProjectId, $"load-{i}");
        }
        var all = gets.Concat(posts).ToArray();
        try
        {
            await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (Exception) when (all.All(task => task.IsCompleted))
        {
            // A few may exhaust their retries: whatever they failed with is checked below; a timeout is not swallowed.
        }

        Assert.All(all, task => Assert.True(task.IsCompleted, "every submission completes"));
        var failures = all.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).ToList();
        Assert.All(failures, e => Assert.True(e is SinchApiException { IsTransient: true }, $"unexpected {e}"));
        Assert.True(failures.Count < 10, $"{failures.Count} requests failed after all retries");

        var created = posts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result.AccessKey.DisplayName!).ToList();
        Assert.Equal(created.Count, created.Distinct().Count());
        Assert.All(created, name => Assert.Equal(1, Emulator.Stats.Posts(name)));
        Assert.Equal(created.Count, Enumerable.Range(0, perKind).Sum(i => Emulator.Stats.Posts($"load-{i}")));
        Assert.Equal(1 + created.Count, Emulator.KeyCount(writer.ProjectId));
        Assert.True(ApiRequests(reader) > perKind, "faults were injected and retried");
    }
}
