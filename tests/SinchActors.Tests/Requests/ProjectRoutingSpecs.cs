using Akka.Actor;
using Akka.Routing;
using Akka.TestKit.Xunit2;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>A project's requests, from either door, meet one worker; different projects spread over the pool.</summary>
public class ProjectRoutingSpecs() : TestKit("akka.loglevel = WARNING")
{
    [Fact]
    public void The_same_project_always_goes_to_the_same_worker_and_projects_spread_over_the_workers()
    {
        var routees = Enumerable.Range(0, 8).Select(_ => (Routee)new ActorRefRoutee(CreateTestProbe().Ref)).ToArray();
        var logic = new ProjectRoutingPool(routees.Length, SupervisorStrategy.DefaultStrategy).CreateRouter(Sys).RoutingLogic;
        var envelope = Envelopes.Any(); // project "p"

        var chosen = logic.Select(envelope, routees);
        Assert.Same(chosen, logic.Select(envelope with { Attempt = 2 }, routees));
        Assert.Same(chosen, logic.Select(new SendSinchRequest("c", envelope.Request), routees));
        var spread = Enumerable.Range(0, 64)
            .Select(i => logic.Select(new SendSinchRequest(i, new SinchRequest(HttpMethod.Get, $"p{i}", SinchApiFamily.AccessKeys, "/x")), routees))
            .Distinct().Count();
        Assert.InRange(spread, 6, 8);
    }
}
