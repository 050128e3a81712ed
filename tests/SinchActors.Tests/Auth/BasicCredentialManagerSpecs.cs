using Akka.Actor;
using SinchActors.Auth;
using Xunit.Abstractions;
using static SinchActors.Auth.TokenManager;

namespace SinchActors.Tests.Auth;

/// <summary>Basic mode (test only): no token requests, a client-side rate limit per key, driven in virtual time.</summary>
public sealed class BasicCredentialManagerSpecs(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    private static readonly SinchCredentials Basic = new("project-1", "key-1", "very-secret-1", mode: SinchAuthMode.Basic);

    [Fact]
    public void Basic_credentials_are_handed_out_at_the_configured_rate_with_a_warning_once()
    {
        var manager = Sys.ActorOf(BasicCredentialManager.Props(Basic, TokenManagerSettings.Default, Clock));

        EventFilter.Warning(contains: "testing only").Expect(1, () =>
        {
            for (var i = 0; i < 8; i++)
                manager.Tell(new GetCredential(i, TimeSpan.FromSeconds(10)));
            var burst = Enumerable.Range(0, 5).Select(_ => ExpectMsg<CredentialGranted>(Patience).Credential).ToList();
            Assert.All(burst, c => Assert.Equal(("Basic", 0L), (c.Authorization.Scheme, c.Generation)));
            AssertNoReplyYet(manager);
        });

        Advance(TimeSpan.FromMilliseconds(200)); // 5 per second: one more permit
        ExpectMsg<CredentialGranted>(Patience);
        AssertNoReplyYet(manager);
        Advance(TimeSpan.FromMilliseconds(400));
        ExpectMsg<CredentialGranted>(Patience);
        ExpectMsg<CredentialGranted>(Patience);
    }

    [Fact]
    public void A_caller_whose_deadline_passes_before_a_permit_fails_as_unavailable_naming_its_project()
    {
        var manager = Sys.ActorOf(BasicCredentialManager.Props(Basic, TokenManagerSettings.Default with { BasicRequestsPerSecond = 0.1 }, Clock));
        manager.Tell(new GetCredential(1, TimeSpan.FromSeconds(10)));
        ExpectMsg<CredentialGranted>(Patience);

        manager.Tell(new GetCredential(2, TimeSpan.FromSeconds(1)) { ProjectId = "project-sub" });
        Sync(manager);
        Advance(TimeSpan.FromSeconds(1));

        var error = Assert.IsType<SinchAuthUnavailableException>(ExpectMsg<CredentialFailed>(Patience).Error);
        Assert.Equal(("project-sub", "key-1"), (error.ProjectId, error.KeyId));
    }

    [Fact]
    public void A_new_secret_is_used_at_once_and_reported_verified()
    {
        var manager = Sys.ActorOf(BasicCredentialManager.Props(Basic, TokenManagerSettings.Default, Clock));
        var updated = new SinchCredentials("project-1", "key-1", "new-secret", mode: SinchAuthMode.Basic);

        manager.Tell(new UpdateCredentials(updated) { ReportTo = TestActor });

        ExpectMsg<CredentialsVerified>(Patience);
        manager.Tell(new GetCredential(1, Patience));
        Assert.Equal(updated.BasicAuthorization.Parameter, ExpectMsg<CredentialGranted>(Patience).Credential.Authorization.Parameter);
    }
}
