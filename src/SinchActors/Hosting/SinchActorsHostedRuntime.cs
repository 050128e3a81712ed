using Akka.Actor;
using Akka.Actor.Setup;
using Akka.DependencyInjection;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SinchActors.Configuration;
using SinchActors.Projects;

namespace SinchActors.Hosting;

/// <summary>The options given to <c>WithSinchActors</c>, carried into the actor system as a setup.</summary>
internal sealed class SinchActorsSetup(SinchActorsOptions options) : Setup
{
    public SinchActorsOptions Options { get; } = options;
}

/// <summary>
/// The one runtime of a hosted actor system, an Akka extension so that it exists once per system however it is
/// first reached: the host's startup, or the first resolution of <see cref="Requests.ISinchClient"/>. Its options are
/// those of the host's services (appsettings, environment, <c>AddSinchActors</c>; a fresh instance, validated) with
/// the code options given to <c>WithSinchActors</c> laid over them.
/// </summary>
internal sealed class SinchActorsHostedRuntime : IExtension
{
    public SinchActorsHostedRuntime(ExtendedActorSystem system)
    {
        var services = system.Settings.Setup.Get<DependencyResolverSetup>() is { HasValue: true } ? DependencyResolver.For(system).Resolver : null;
        var options = services?.GetService<IOptionsFactory<SinchActorsOptions>>()?.Create(Microsoft.Extensions.Options.Options.DefaultName)
                      ?? new SinchActorsOptions();
        if (system.Settings.Setup.Get<SinchActorsSetup>() is { HasValue: true } setup)
            options.Overlay(setup.Value.Options);
        options.CredentialsProvider ??= services?.GetService<ISinchCredentialsProvider>();
        options.LoggerFactory ??= services?.GetService<ILoggerFactory>();
        options.MeterFactory ??= services?.GetService<System.Diagnostics.Metrics.IMeterFactory>();
        if (options is { PrimaryHandler: null, HttpClientName: { } clientName })
        {
            var factory = services?.GetService<System.Net.Http.IHttpMessageHandlerFactory>() ?? throw new SinchConfigurationException(
                [$"Sinch:HttpClientName is '{clientName}', but no IHttpClientFactory (IHttpMessageHandlerFactory) is registered: call services.AddHttpClient(\"{clientName}\")."]);
            options.PrimaryHandler = () => new FactoryHandler(factory, clientName);
        }
        Runtime = SinchRuntime.Create(system, options);
        var registry = ActorRegistry.For(system);
        registry.Register<SinchRequestPool>(Runtime.RequestPool);
        registry.Register<SinchProjectRegistry>(Runtime.ProjectRegistry);
    }

    public SinchRuntime Runtime { get; }

    public static SinchRuntime For(ActorSystem system) => system.WithExtension<SinchActorsHostedRuntime, SinchActorsHostedRuntimeId>().Runtime;
}

internal sealed class SinchActorsHostedRuntimeId : ExtensionIdProvider<SinchActorsHostedRuntime>
{
    public override SinchActorsHostedRuntime CreateExtension(ExtendedActorSystem system) => new(system);
}
