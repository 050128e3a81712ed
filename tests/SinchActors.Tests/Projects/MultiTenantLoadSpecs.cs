using System.Net;
using SinchActors.Auth;
using SinchActors.Projects;
using SinchActors.Requests;
using SinchActors.Tests.Requests;
using SinchActors.Hosting;

namespace SinchActors.Tests.Projects;

/// <summary>
/// A thousand projects in one runtime: one token per key however many requests. The 10,000-project storm against the
/// global fetch cap is in the reliability suites (tests/SinchActors.Reliability.Tests, LoadSuite).
/// </summary>
public class MultiTenantLoadSpecs(EmulatorFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : PipelineSpec(fixture, output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static void Roomy(SinchActorsOptions options) => options.Requests.MaxInFlight = 100_000;

    [Fact]
    public async Task A_thousand_projects_with_ten_concurrent_first_requests_each_cause_exactly_a_thousand_token_requests()
    {
        var projects = Enumerable.Range(0, 1_000).Select(_ => Fixture.NewProject("tenant")).ToArray();
        var client = StartRuntime(Roomy, projects).Client;

        var calls = projects.SelectMany(project => Enumerable.Range(0, 10).Select(_ => client.SendAsync(Get(project)))).ToArray();
        var responses = await Task.WhenAll(calls).WaitAsync(Patience);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1_000, projects.Sum(project => TokenRequests(project.KeyId)));
    }

    [Fact]
    public async Task A_hundred_parent_keys_shared_by_a_thousand_subprojects_cause_exactly_a_hundred_token_requests()
    {
        var parents = Enumerable.Range(0, 100).Select(_ => Fixture.NewProject("parent")).ToArray();
        var subprojects = parents.SelectMany(parent => Enumerable.Range(0, 10).Select(i =>
        {
            var id = $"{parent.ProjectId}-sub-{i}";
            Emulator.SeedProject(id, parent.ProjectId);
            return new SinchCredentials(id, parent.KeyId, parent.KeySecret, Emulator.TokenUrl);
        })).ToArray();
        var client = StartRuntime(Roomy, subprojects).Client;

        var calls = subprojects.SelectMany(project => Enumerable.Range(0, 3).Select(_ => client.SendAsync(Get(project)))).ToArray();
        var responses = await Task.WhenAll(calls).WaitAsync(Patience);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(100, parents.Sum(parent => TokenRequests(parent.KeyId)));
        Assert.All(subprojects, project => Assert.Equal(3, Emulator.Stats.ApiRequests(project.ProjectId, 200)));
    }

    private long TokenRequests(string keyId)
    {
        var counts = Emulator.Stats.Tokens(keyId);
        return counts.Issued + counts.Rejected + counts.RateLimited;
    }
}
