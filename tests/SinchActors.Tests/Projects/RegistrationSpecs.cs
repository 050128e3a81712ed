using SinchActors.Auth;
using SinchActors.Emulator.Stats;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Projects;

/// <summary>Registering projects by the ten thousand: one manager per key, none fetching before its first request.</summary>
public class RegistrationSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    [Fact]
    public async Task Twenty_thousand_projects_register_at_once_each_with_its_own_manager_and_no_token_fetched_before_a_request()
    {
        // Real keys at the emulator: a token fetched for any of them would be issued and counted.
        var projects = Enumerable.Range(0, 20_000)
            .Select(i => Emulator.SeedKey($"bulk-project-{i}", $"bulk-key-{i}", $"bulk-secret-{i}"))
            .Select(key => new SinchCredentials(key.ProjectId, key.KeyId, key.Secret, Emulator.TokenUrl))
            .ToArray();

        var runtime = StartRuntime(null, projects); // returns once all are registered, within the registry's ask timeout

        Assert.Equal(20_000, runtime.ActiveProjects);
        var managers = projects.Select(project => runtime.Directory.TryGet(project.ProjectId, out var handle) ? handle.TokenManager : null).ToHashSet();
        Assert.Equal(20_000, managers.Count);
        Assert.DoesNotContain(null, managers);

        var last = Fixture.NewProject("bulk-last");
        await runtime.Projects.AddAsync(last);
        await runtime.Client.SendAsync(Get(last)).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(1, Emulator.Stats.Tokens(last.KeyId).Issued);
        // Checked after a fetch went through the same fetch queue: an eager fetch at registration would be counted by now.
        Assert.All(projects, project => Assert.Equal(new TokenCounts(0, 0, 0), Emulator.Stats.Tokens(project.KeyId)));
    }
}
