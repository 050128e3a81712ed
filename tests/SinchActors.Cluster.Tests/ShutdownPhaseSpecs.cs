using Akka.Actor;
using Akka.Configuration;
using SinchActors.Hosting;

namespace SinchActors.Cluster.Tests;

/// <summary><c>sinch-actors.shutdown.phase</c>: which coordinated-shutdown phase the drain runs in.</summary>
public sealed class ShutdownPhaseSpecs
{
    [Fact]
    public async Task The_drain_runs_in_the_configured_phase()
    {
        using var system = ActorSystem.Create("phase", ConfigurationFactory.ParseString("sinch-actors.shutdown.phase = cluster-sharding-shutdown-region"));
        await using var runtime = await SinchRuntime.CreateAsync(system, new SinchActorsOptions());

        Assert.Equal("cluster-sharding-shutdown-region", runtime.DrainPhase);
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.UnknownReason.Instance);
        Assert.False(runtime.IsAccepting);
    }

    [Fact]
    public async Task An_unknown_phase_is_refused_naming_the_setting()
    {
        using var system = ActorSystem.Create("phase", ConfigurationFactory.ParseString("sinch-actors.shutdown.phase = after-everything"));

        var error = await Assert.ThrowsAsync<SinchConfigurationException>(() => SinchRuntime.CreateAsync(system, new SinchActorsOptions()));

        Assert.Contains("sinch-actors.shutdown.phase", error.Message);
        Assert.Contains("after-everything", error.Message);
    }
}
