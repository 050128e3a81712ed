using Akka.Actor;
using Akka.TestKit.Xunit2;
using SinchActors.Hosting;

namespace SinchActors.Tests.Requests;

public class RuntimeCreationSpecs() : TestKit("akka.loglevel = OFF")
{
    [Fact]
    public void A_runtime_that_fails_half_way_through_creation_stops_the_registry_it_already_started()
    {
        Sys.ActorOf(Props.Empty, "taken");
        var options = new SinchActorsOptions { ProjectRegistryName = "half-started-registry", RequestPoolName = "taken" };

        Assert.Throws<InvalidActorNameException>(() => SinchRuntime.Create(Sys, options));

        AwaitAssert(() => Assert.Throws<ActorNotFoundException>(() =>
                Sys.ActorSelection("/user/half-started-registry").ResolveOne(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult()),
            TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
    }
}
