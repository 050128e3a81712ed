using System.Net;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Tests.Requests;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Tests.Projects;

/// <summary>Adding, rotating and removing projects while requests flow.</summary>
public class ProjectLifecycleSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Projects_added_at_run_time_are_served_and_bad_registry_calls_fail_with_typed_errors()
    {
        var first = Fixture.NewProject("run-time");
        var later = Fixture.NewProject("run-time");
        var runtime = StartRuntime(null, first);

        await Assert.ThrowsAsync<SinchUnknownProjectException>(() => runtime.Client.SendAsync(Get(later)));
        await runtime.Projects.AddAsync(later);

        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.SendAsync(Get(later)).WaitAsync(Patience)).StatusCode);
        Assert.Equal(2, runtime.Projects.Count);
        await Assert.ThrowsAsync<ArgumentException>(() => runtime.Projects.AddAsync(first));
        var stranger = Fixture.NewProject("stranger");
        Assert.Equal(stranger.ProjectId, (await Assert.ThrowsAsync<SinchUnknownProjectException>(() => runtime.Projects.UpdateAsync(stranger))).ProjectId);
        Assert.False(await runtime.Projects.RemoveAsync(stranger.ProjectId));
    }

    [Fact]
    public async Task Rotating_to_a_new_key_under_load_and_revoking_the_old_one_fails_no_request()
    {
        var project = Fixture.NewProject("rotate");
        var runtime = StartRuntime(null, project);
        using var load = new Load(runtime.Client, Get(project), concurrency: 8);
        await AwaitConditionAsync(() => Task.FromResult(load.Succeeded >= 100), Patience);

        var newKey = Emulator.SeedKey(project.ProjectId, $"{project.KeyId}-2", "rotated-secret");
        await runtime.Projects.UpdateAsync(new SinchCredentials(project.ProjectId, newKey.KeyId, newKey.Secret, Emulator.TokenUrl)).WaitAsync(Patience);
        await runtime.Client.AccessKeys.DeleteAsync(project.ProjectId, project.KeyId).WaitAsync(Patience); // revokes the old tokens
        var rotatedAt = load.Succeeded;
        await AwaitConditionAsync(() => Task.FromResult(load.Succeeded >= rotatedAt + 200), Patience);
        await load.StopAsync();

        Assert.Empty(load.Failures);
        Assert.Equal(1, Emulator.Stats.Tokens(newKey.KeyId).Issued);
    }

    [Fact]
    public async Task A_refused_new_secret_is_reported_while_the_old_token_keeps_serving()
    {
        var project = Fixture.NewProject("bad-rotation");
        var runtime = StartRuntime(null, project);
        using var load = new Load(runtime.Client, Get(project), concurrency: 4);
        await AwaitConditionAsync(() => Task.FromResult(load.Succeeded >= 50), Patience);

        var sameKey = new SinchCredentials(project.ProjectId, project.KeyId, "not-the-secret", Emulator.TokenUrl);
        var refused = await Assert.ThrowsAsync<SinchAuthenticationException>(() => runtime.Projects.UpdateAsync(sameKey).WaitAsync(Patience));
        var otherKey = Emulator.SeedKey(project.ProjectId, $"{project.KeyId}-other", "other-secret");
        var wrongOther = new SinchCredentials(project.ProjectId, otherKey.KeyId, "not-the-other-secret", Emulator.TokenUrl);
        await Assert.ThrowsAsync<SinchAuthenticationException>(() => runtime.Projects.UpdateAsync(wrongOther).WaitAsync(Patience));
        var reportedAt = load.Succeeded;
        await AwaitConditionAsync(() => Task.FromResult(load.Succeeded >= reportedAt + 100), Patience);
        await load.StopAsync();

        Assert.Equal(401, refused.StatusCode);
        Assert.DoesNotContain("not-the-secret", refused.Message);
        Assert.Empty(load.Failures);
    }

    [Fact]
    public async Task A_removed_project_finishes_its_requests_refuses_new_ones_and_drops_its_token()
    {
        var project = Fixture.NewProject("remove");
        var runtime = StartRuntime(null, project);
        await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience);
        Assert.True(runtime.Directory.TryGet(project.ProjectId, out var handle));
        var manager = handle.TokenManager;
        Watch(manager);
        // Long enough that the requests are surely still in flight when the removal is answered.
        Inject(project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 2_000, Count = 5 });
        var inFlight = Enumerable.Range(0, 5).Select(_ => runtime.Client.SendAsync(Get(project))).ToArray();
        await AwaitConditionAsync(() => Task.FromResult(runtime.InFlight == 5), Patience);

        Assert.True(await runtime.Projects.RemoveAsync(project.ProjectId));
        Assert.Equal(5, runtime.InFlight);
        Assert.All(inFlight, call => Assert.False(call.IsCompleted));

        await Assert.ThrowsAsync<SinchUnknownProjectException>(() => runtime.Client.SendAsync(Get(project)));
        Assert.All(await Task.WhenAll(inFlight).WaitAsync(Patience), response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        ExpectTerminated(manager, Patience); // its token went with it
        Assert.False(runtime.Projects.Contains(project.ProjectId));
    }
}
