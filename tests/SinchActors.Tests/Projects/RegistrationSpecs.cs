using SinchActors.Auth;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Projects;

/// <summary>Registering projects by the ten thousand: one manager per key, none fetching before its first request.</summary>
public class RegistrationSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    [Fact]
    public async Task Twenty_thousand_projects_register_at_once_each_with_its_own_manager_and_no_token_fetched_before_a_request()
    {
        var projects = Enumerable.Range(0, 20_000)
            .Select(i => new SinchCredentials($"bulk-project-{i}", $"bulk-key-{i}", $"bulk-secret-{i}", Emulator.TokenUrl))
            .ToArray();

        var runtime = StartRuntime(null, projects); // returns once all are registered, within the registry's ask timeout

        Assert.Equal(20_000, runtime.ActiveProjects);
        var managers = projects.Select(project => runtime.Directory.TryGet(project.ProjectId, out var handle) ? handle.TokenManager : null).ToHashSet();
        Assert.Equal(20_000, managers.Count);
        Assert.DoesNotContain(null, managers);
        Assert.All(projects.Take(100), project => Assert.Equal(0, Emulator.Stats.Tokens(project.KeyId).Issued));

        var last = Fixture.NewProject("bulk-last");
        await runtime.Projects.AddAsync(last);
        await runtime.Client.SendAsync(Get(last)).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(1, Emulator.Stats.Tokens(last.KeyId).Issued);
    }
}
