using Akka.Actor;
using Akka.Routing;
using Akka.TestKit.Xunit2;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>The pool's supervisor carries out retry decisions quietly and logs every other failure.</summary>
public class SupervisionSpecs() : TestKit("akka.loglevel = DEBUG")
{
    [Fact]
    public void A_decided_retry_is_enqueued_to_the_pool_after_resuming_the_worker_without_an_error_log()
    {
        var pool = Pool();
        var next = Envelopes.Any() with { Attempt = 2 };

        EventFilter.Exception<RetryRequested>().Expect(0, () =>
        {
            pool.Tell(new RetryRequested(next, new RetryDecision(RetryStep.RefreshCredentialsAndRetry, TimeSpan.Zero, "401"), pool));
            Assert.Same(next, ExpectMsg<RequestEnvelope>());
        });
        pool.Tell("still alive?");
        Assert.Equal("this incarnation threw 1 time(s)", ExpectMsg<string>()); // resumed: the same instance
    }

    [Fact]
    public void An_unexpected_exception_restarts_the_worker_and_is_logged()
    {
        var pool = Pool();

        EventFilter.Exception<InvalidOperationException>("a bug").ExpectOne(() => pool.Tell(new InvalidOperationException("a bug")));
        pool.Tell("still alive?");
        Assert.Equal("this incarnation threw 0 time(s)", ExpectMsg<string>()); // restarted: a fresh instance
    }

    private IActorRef Pool() => Sys.ActorOf(Props.Create(() => new Worker(TestActor))
        .WithRouter(new RoundRobinPool(1).WithSupervisorStrategy(new RequestSupervisorStrategy(Sys.Scheduler))));

    /// <summary>Throws what it is told to throw, reports retried envelopes and how often this incarnation threw.</summary>
    private sealed class Worker(IActorRef probe) : UntypedActor
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
