using Akka.Actor;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Hosting.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SinchActors.Hosting;

/// <summary>
/// The actor system SinchActors starts and owns when the app registers none (<c>AddSinchActors</c> without
/// <c>AddAkka</c>): created when the host starts (or on the first resolution of the runtime, if earlier), with the
/// runtime on it built from the host's options exactly as <c>WithSinchActors</c> would; shut down (draining the
/// requests in flight) when the host stops. With the app's own Akka.Hosting system it does nothing.
/// </summary>
internal sealed class SinchActorsOwnSystem(IServiceProvider services) : IHostedService
{
    // The host owns SIGTERM and Ctrl+C: Akka's own CLR hook would shut the system down before the host drains.
    private static readonly Config OwnConfig = ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off");

    // Akka's log goes where the host's goes, as with Akka.Hosting's ConfigureLoggers(l => l.AddLoggerFactory()).
    private static readonly Config HostLogging = ConfigurationFactory.ParseString("""
        akka.loggers = ["Akka.Hosting.Logging.LoggerFactoryLogger, Akka.Hosting"]
        """);

    private readonly Lazy<ActorSystem> _system = new(() => Create(services));

    /// <summary>The system the runtime runs on: the app's own when it registered one, else this one.</summary>
    public static ActorSystem For(IServiceProvider services) =>
        AppHasActorSystem(services)
            ? services.GetRequiredService<ActorSystem>()
            : services.GetRequiredService<SinchActorsOwnSystem>()._system.Value;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!AppHasActorSystem(services))
            _ = SinchActorsHostedRuntime.For(_system.Value); // invalid options fail the host's start here
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _system.IsValueCreated
            ? CoordinatedShutdown.Get(_system.Value).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(cancellationToken)
            : Task.CompletedTask;

    // Asked of the container, not by resolving: the app's system (Akka.Hosting's) is built only when someone needs it.
    private static bool AppHasActorSystem(IServiceProvider services) =>
        services.GetService<IServiceProviderIsService>() is { } registered
            ? registered.IsService(typeof(ActorSystem))
            : services.GetService<ActorSystem>() is not null;

    private static ActorSystem Create(IServiceProvider services)
    {
        var loggers = services.GetService<ILoggerFactory>();
        var setup = BootstrapSetup.Create()
            .WithConfig(loggers is null ? OwnConfig : HostLogging.WithFallback(OwnConfig))
            .And(DependencyResolverSetup.Create(services));
        if (loggers is not null)
            setup = setup.And(new LoggerFactorySetup(loggers));
        return ActorSystem.Create("sinch-actors", setup);
    }
}
