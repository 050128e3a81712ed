using Akka.Actor;
using Akka.Actor.Setup;
using Akka.DependencyInjection;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SinchActors.Hosting;

/// <summary>The options given to <c>WithSinchActors</c>, carried into the actor system as a setup.</summary>
internal sealed class SinchActorsSetup(SinchActorsOptions options) : Setup
{
    public SinchActorsOptions Options { get; } = options;
}

/// <summary>
/// The one runtime of a hosted actor system, an Akka extension so that it exists once per system however it is
/// first reached: the host's startup, or the first resolution of <see cref="Requests.ISinchClient"/>.
/// </summary>
internal sealed class SinchActorsHostedRuntime : IExtension
{
    public SinchActorsHostedRuntime(ExtendedActorSystem system)
    {
        var options = OptionsFromServices(system);
        if (system.Settings.Setup.Get<SinchActorsSetup>() is { HasValue: true } setup)
            options.Overlay(setup.Value.Options);
        Runtime = SinchRuntime.Create(system, options);
        ActorRegistry.For(system).Register<SinchRequestPool>(Runtime.RequestPool);
    }

    public SinchRuntime Runtime { get; }

    public static SinchRuntime For(ActorSystem system) => system.WithExtension<SinchActorsHostedRuntime, SinchActorsHostedRuntimeId>().Runtime;

    // appsettings, environment and AddSinchActors' code options, validated; a fresh instance, since code options
    // given to WithSinchActors are laid over it.
    private static SinchActorsOptions OptionsFromServices(ActorSystem system)
    {
        var services = system.Settings.Setup.Get<DependencyResolverSetup>() is { HasValue: true } ? DependencyResolver.For(system).Resolver : null;
        var factory = services?.GetService<IOptionsFactory<SinchActorsOptions>>();
        return factory?.Create(Microsoft.Extensions.Options.Options.DefaultName) ?? new SinchActorsOptions();
    }
}

internal sealed class SinchActorsHostedRuntimeId : ExtensionIdProvider<SinchActorsHostedRuntime>
{
    public override SinchActorsHostedRuntime CreateExtension(ExtendedActorSystem system) => new(system);
}
