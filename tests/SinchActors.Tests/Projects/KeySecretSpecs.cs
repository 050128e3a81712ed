using System.Net;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Projects;
using SinchActors.Tests.Requests;
using SinchActors.Hosting;

namespace SinchActors.Tests.Projects;

/// <summary>
/// A key's secret changes only through a verified update: a wrong secret, added or updated, never replaces the one
/// that works for the projects on the key. Each spec forces a refetch (one 401) to show which secret is in use.
/// </summary>
public class KeySecretSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Adding_a_project_with_a_known_key_and_another_secret_fails_and_leaves_the_key_alone()
    {
        var project = Fixture.NewProject("shared-key");
        var runtime = StartRuntime(null, project);
        await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience);
        Emulator.SeedProject("sibling-of-" + project.ProjectId, project.ProjectId);
        var typo = new SinchCredentials("sibling-of-" + project.ProjectId, project.KeyId, "typo'd-secret", Emulator.TokenUrl);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => runtime.Projects.AddAsync(typo).WaitAsync(Patience));

        Assert.Contains(project.KeyId, error.Message);
        Assert.DoesNotContain("typo'd-secret", error.Message);
        Assert.False(runtime.Projects.Contains(typo.ProjectId));
        await AssertServedAfterARefetch(runtime, project);
    }

    [Fact]
    public async Task A_key_left_only_by_removed_projects_takes_the_secret_of_a_new_project()
    {
        var project = Fixture.NewProject("re-added");
        var typo = new SinchCredentials(project.ProjectId, project.KeyId, "typo'd-secret", Emulator.TokenUrl);
        var runtime = StartRuntime(null, typo);
        await Assert.ThrowsAsync<SinchAuthenticationException>(() => runtime.Client.SendAsync(Get(project)).WaitAsync(Patience));

        Assert.True(await runtime.Projects.RemoveAsync(project.ProjectId));
        await runtime.Projects.AddAsync(project).WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience)).StatusCode);
    }

    [Fact]
    public async Task A_refused_secret_update_goes_back_to_the_previous_secret()
    {
        var project = Fixture.NewProject("refused-update");
        var runtime = StartRuntime(null, project);
        await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience);

        var wrong = new SinchCredentials(project.ProjectId, project.KeyId, "not-the-secret", Emulator.TokenUrl);
        await Assert.ThrowsAsync<SinchAuthenticationException>(() => runtime.Projects.UpdateAsync(wrong).WaitAsync(Patience));

        await AssertServedAfterARefetch(runtime, project);
    }

    [Fact]
    public async Task A_secret_update_not_verified_in_time_reports_the_token_endpoints_state_and_goes_back()
    {
        var project = Fixture.NewProject("slow-update");
        var runtime = StartRuntime(o => o.ProjectRegistry.UpdateTimeout = TimeSpan.FromSeconds(1), project);
        await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience);
        // The token endpoint is down for longer than the update may take.
        Emulator.Faults.Add(new FaultRule
        {
            Kind = FaultKind.Error, StatusCode = 503, RetryAfterSeconds = 2, Target = FaultTarget.Token, ProjectId = project.ProjectId, Count = 1,
        });

        var wrong = new SinchCredentials(project.ProjectId, project.KeyId, "not-the-secret", Emulator.TokenUrl);
        var error = await Assert.ThrowsAsync<SinchAuthUnavailableException>(() => runtime.Projects.UpdateAsync(wrong).WaitAsync(Patience));

        // The manager's own answer, carrying what the token endpoint said, not an Ask timeout without a cause.
        Assert.IsType<SinchTokenEndpointException>(error.InnerException);
        await AssertServedAfterARefetch(runtime, project);
    }

    [Fact]
    public async Task A_token_manager_failing_on_a_message_keeps_its_token_and_credentials()
    {
        var project = Fixture.NewProject("manager-fails");
        var runtime = StartRuntime(null, project);
        await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience);
        Assert.True(runtime.Directory.TryGet(project.ProjectId, out var handle));
        var manager = handle.TokenManager;

        manager.Tell(new TokenManager.UpdateCredentials(null!), TestActor); // a bug's stand-in: the manager throws on it
        manager.Tell(new TokenManager.GetCredential(1, Patience), TestActor);

        // A restart would have dropped the token (and gone back to the secret it was created with): a second fetch.
        Assert.Equal(1, ExpectMsg<TokenManager.CredentialGranted>(Patience).Credential.Generation);
        manager.Tell(TokenManager.GetState.Instance, TestActor);
        Assert.Equal(1, ExpectMsg<TokenManager.StateReport>(Patience).Generation);
        Assert.Equal(1, Emulator.Stats.Tokens(project.KeyId).Issued);
    }

    /// <summary>One 401 drops the project's token: the next request succeeds only if its key's secret is the right one.</summary>
    private async Task AssertServedAfterARefetch(SinchRuntime runtime, SinchCredentials project)
    {
        var issued = Emulator.Stats.Tokens(project.KeyId).Issued;
        Inject(project, new FaultRule { Kind = FaultKind.Unauthorized, Count = 1 });
        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience)).StatusCode);
        Assert.True(Emulator.Stats.Tokens(project.KeyId).Issued > issued, "a new token was fetched");
    }
}
