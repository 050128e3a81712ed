using Akka.Actor;
using Akka.Routing;
using SinchActors.Auth;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>The pool's supervisor carries out retry decisions quietly, and restarts a real worker that hit a bug without losing a request.</summary>
public class SupervisionSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_decided_retry_is_enqueued_to_the_pool_after_resuming_the_worker_without_an_error_log()
    {
        var pool = Sys.ActorOf(Props.Create(() => new Thrower(TestActor))
            .WithRouter(new RoundRobinPool(1).WithSupervisorStrategy(new RequestSupervisorStrategy(Sys.Scheduler))));
        var next = Envelopes.Any() with { Attempt = 2 };

        EventFilter.Exception<RetryRequested>().Expect(0, () =>
        {
            pool.Tell(new RetryRequested(next, new RetryDecision(RetryStep.RefreshCredentialsAndRetry, TimeSpan.Zero, "401"), pool));
            Assert.Same(next, ExpectMsg<RequestEnvelope>());
        });
        pool.Tell("still alive?");
        Assert.Equal("this incarnation threw 1 time(s)", ExpectMsg<string>()); // resumed: the same instance
    }

    // Fault caught: RequestWorker.PreRestart dropping the requests waiting for a credential (they would hang until the
    // watchdog), or leaving the failing message's request unanswered.
    [Fact]
    public async Task A_bug_restarts_the_real_worker_which_answers_that_request_with_the_bug_and_re_enqueues_the_requests_waiting_for_a_credential()
    {
        var project = Fixture.NewProject("restart");
        var manager = CreateTestProbe();
        var pool = StartWorkerPool(project, manager.Ref, out _);
        var token = await FetchTokenAsync(project);
        pool.Tell(new SendSinchRequest("waiting", Get(project)), TestActor);
        var firstAsk = AskedAfterSubscribing(manager);
        var buggy = new TaskRequestCompletion();

        // An envelope without its project makes the worker throw: it stands for any bug on a message the worker handles.
        EventFilter.Exception<NullReferenceException>().ExpectOne(() => pool.Tell(Envelopes.Any(buggy) with { Project = null! }));

        await Assert.ThrowsAsync<NullReferenceException>(() => buggy.Task.WaitAsync(Patience));
        // A fresh incarnation subscribes again, and the waiting request came back through the pool.
        var askedAgain = AskedAfterSubscribing(manager);
        Assert.NotEqual(firstAsk.CorrelationId, askedAgain.CorrelationId);
        manager.Reply(new TokenManager.CredentialGranted(firstAsk.CorrelationId, Bearer("meant-for-the-previous-incarnation")));
        manager.Reply(new TokenManager.CredentialGranted(askedAgain.CorrelationId, Bearer(token, manager.Ref)));
        Assert.Equal("waiting", ExpectMsg<SinchRequestSucceeded>(Patience).CorrelationId);
        Assert.Equal(1, ApiRequests(project)); // sent once, with the token granted to the new wait
    }

    /// <summary>Throws what it is told to throw, reports retried envelopes and how often this incarnation threw.</summary>
    private sealed class Thrower(IActorRef probe) : UntypedActor
    {
        private int _seen;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Exception e:
                    _seen++;
                    throw e;
                case RequestEnvelope envelope:
                    probe.Tell(envelope);
                    break;
                case string:
                    probe.Tell($"this incarnation threw {_seen} time(s)");
                    break;
            }
        }
    }
}
