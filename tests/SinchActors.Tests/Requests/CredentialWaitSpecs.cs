using System.Net;
using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>
/// A request worker waiting for a credential, driven message by message: its project's token manager is a probe,
/// so the specs choose who answers and when.
/// </summary>
public class CredentialWaitSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_grant_from_another_token_manager_is_never_sent_on_the_waiting_request()
    {
        var project = Fixture.NewProject("wait");
        var manager = CreateTestProbe();
        var worker = StartWorkerPool(project, manager.Ref, out _);
        var ownToken = await FetchTokenAsync(project);

        worker.Tell(new SendSinchRequest("r1", Get(project)), TestActor);
        var asked = AskedAfterSubscribing(manager);
        // A late answer to the same correlation ID from another project's manager (e.g. meant for a previous
        // incarnation of this worker) must not be taken for this project's token.
        var stranger = CreateTestProbe();
        worker.Tell(new TokenManager.CredentialGranted(asked.CorrelationId, Bearer("another-projects-token")), stranger.Ref);
        worker.Tell(new TokenManager.CredentialGranted(asked.CorrelationId, Bearer(ownToken)), manager.Ref);

        Assert.Equal(HttpStatusCode.OK, ExpectMsg<SinchRequestSucceeded>(Patience).Response.StatusCode);
        Assert.Equal(0, Emulator.Stats.ApiRequests(project.ProjectId, 401));
    }

    [Fact]
    public async Task A_failure_from_the_key_a_project_left_restarts_the_wait_on_its_new_key()
    {
        var project = Fixture.NewProject("wait-rotated");
        var oldManager = CreateTestProbe();
        var newManager = CreateTestProbe();
        var worker = StartWorkerPool(project, oldManager.Ref, out var handle);
        var ownToken = await FetchTokenAsync(project);

        worker.Tell(new SendSinchRequest("r1", Get(project)), TestActor);
        var asked = AskedAfterSubscribing(oldManager);
        handle.Rebind(newManager.Ref);
        worker.Tell(new TokenManager.CredentialFailed(asked.CorrelationId, new SinchShutdownException(project.ProjectId)), oldManager.Ref);

        var askedAgain = AskedAfterSubscribing(newManager);
        newManager.Reply(new TokenManager.CredentialGranted(askedAgain.CorrelationId, Bearer(ownToken)));
        Assert.Equal(HttpStatusCode.OK, ExpectMsg<SinchRequestSucceeded>(Patience).Response.StatusCode);
    }

    [Fact]
    public async Task A_401_is_reported_to_the_manager_that_issued_the_token_not_to_the_new_key_of_a_rotated_project()
    {
        var project = Fixture.NewProject("wait-issuer");
        var oldManager = CreateTestProbe();
        var newManager = CreateTestProbe();
        var worker = StartWorkerPool(project, oldManager.Ref, out var handle);
        var token = await FetchTokenAsync(project);
        Inject(project, new FaultRule { Kind = FaultKind.Unauthorized, Count = 1 });

        worker.Tell(new SendSinchRequest("r1", Get(project)), TestActor);
        var asked = AskedAfterSubscribing(oldManager);
        handle.Rebind(newManager.Ref);
        oldManager.Reply(new TokenManager.CredentialGranted(asked.CorrelationId, Bearer(token, oldManager.Ref)));

        Assert.Equal(1, oldManager.ExpectMsg<TokenManager.TokenRejected>(Patience).Generation);
        // The new key's generation 1 is another token: nothing tells its manager to drop it.
        var askedNew = AskedAfterSubscribing(newManager);
        newManager.Reply(new TokenManager.CredentialGranted(askedNew.CorrelationId, Bearer(token, newManager.Ref)));
        Assert.Equal(HttpStatusCode.OK, ExpectMsg<SinchRequestSucceeded>(Patience).Response.StatusCode);
        newManager.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_pushed_credential_is_sent_without_asking_until_the_manager_withdraws_it()
    {
        var project = Fixture.NewProject("wait-push");
        var manager = CreateTestProbe();
        var worker = StartWorkerPool(project, manager.Ref, out _);
        var token = await FetchTokenAsync(project);

        worker.Tell(new SendSinchRequest("r1", Get(project)), TestActor);
        var asked = AskedAfterSubscribing(manager);
        worker.Tell(new TokenManager.CredentialIssued(Bearer(token, manager.Ref)), manager.Ref);
        manager.Reply(new TokenManager.CredentialGranted(asked.CorrelationId, Bearer(token, manager.Ref)));
        Assert.Equal("r1", ExpectMsg<SinchRequestSucceeded>(Patience).CorrelationId);

        worker.Tell(new SendSinchRequest("r2", Get(project)), TestActor);
        Assert.Equal("r2", ExpectMsg<SinchRequestSucceeded>(Patience).CorrelationId);
        manager.ExpectNoMsg(TimeSpan.Zero); // the pushed credential was enough

        worker.Tell(new TokenManager.CredentialWithdrawn(1), manager.Ref);
        worker.Tell(new SendSinchRequest("r3", Get(project)), TestActor);
        var askedAgain = manager.ExpectMsg<TokenManager.GetCredential>(Patience);
        manager.Reply(new TokenManager.CredentialGranted(askedAgain.CorrelationId, Bearer(token, manager.Ref)));
        Assert.Equal("r3", ExpectMsg<SinchRequestSucceeded>(Patience).CorrelationId);
    }

    [Fact]
    public void A_send_without_a_request_is_answered_with_a_typed_failure()
    {
        var project = Fixture.NewProject("wait-null");
        var worker = StartWorkerPool(project, CreateTestProbe().Ref, out _);

        worker.Tell(new SendSinchRequest("bad", null!), TestActor);

        var failed = ExpectMsg<SinchRequestFailed>(Patience);
        Assert.Equal("bad", failed.CorrelationId);
        Assert.IsType<ArgumentNullException>(failed.Error);
    }
}
