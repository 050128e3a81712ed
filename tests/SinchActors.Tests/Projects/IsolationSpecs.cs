using System.Net;
using SinchActors.Emulator.Faults;
using SinchActors.Tests.Requests;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Tests.Projects;

/// <summary>One project's trouble stays its own.</summary>
public class IsolationSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_project_with_a_revoked_key_and_a_429_storm_does_not_fail_a_single_request_of_another()
    {
        var victim = Fixture.NewProject("victim");
        var bystander = Fixture.NewProject("bystander");
        var runtime = StartRuntime(null, victim, bystander);
        await runtime.Client.SendAsync(Get(victim)).WaitAsync(Patience);
        await runtime.Client.SendAsync(Get(bystander)).WaitAsync(Patience);

        await runtime.Client.AccessKeys.DeleteAsync(victim.ProjectId, victim.KeyId).WaitAsync(Patience); // revokes its token and key
        Inject(victim, new FaultRule { Kind = FaultKind.Error, StatusCode = 429, Probability = 0.5 });

        var victimCalls = Enumerable.Range(0, 300).Select(_ => runtime.Client.SendAsync(Get(victim))).ToArray();
        var bystanderCalls = Enumerable.Range(0, 300).Select(_ => runtime.Client.SendAsync(Get(bystander))).ToArray();
        var bystanderOutcome = await Task.WhenAll(bystanderCalls).WaitAsync(Patience);
        var victimErrors = new List<Exception?>();
        foreach (var call in victimCalls)
            victimErrors.Add(await Record.ExceptionAsync(() => call.WaitAsync(Patience)));

        Assert.All(bystanderOutcome, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.All(victimErrors, error => Assert.True(error is SinchApiException { StatusCode: 429 or 401 } or SinchAuthenticationException, $"victim call ended with {error?.ToString() ?? "success"}"));
        Assert.True(Emulator.Stats.ApiRequests(victim.ProjectId, 429) > 0);
    }
}
