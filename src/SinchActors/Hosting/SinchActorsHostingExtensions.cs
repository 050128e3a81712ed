using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SinchActors.Configuration;
using SinchActors.Diagnostics;
using SinchActors.Requests;

namespace SinchActors.Hosting;

/// <summary>
/// Adds SinchActors to a Generic Host: <see cref="AddSinchActors"/> on the services (options from the <c>Sinch</c>
/// section and the <c>SINCH_*</c> environment variables, validation at start, <see cref="ISinchClient"/>,
/// <see cref="SinchRuntime"/>, a health check) and <c>WithSinchActors</c> on the Akka builder (the runtime on the
/// host's actor system, HOCON, <see cref="SinchRequestPool"/> in the <c>ActorRegistry</c>). Both are needed because
/// the Akka builder does not expose the service collection. Precedence: code options given to
/// <c>WithSinchActors</c>, then code options given to <see cref="AddSinchActors"/>, then <c>appsettings.json</c>
/// and environment, then the actor system's HOCON, then the reference configuration.
/// </summary>
public static class SinchActorsHostingExtensions
{
    /// <summary>The name of the health check <see cref="AddSinchActors"/> registers.</summary>
    public const string HealthCheckName = "sinch-actors";

    /// <summary>
    /// Registers SinchActors' options (bound from <c>Sinch</c> in the host's configuration, plus the project in
    /// <c>SINCH_PROJECT_ID</c>/<c>SINCH_KEY_ID</c>/<c>SINCH_KEY_SECRET</c>/<c>SINCH_AUTH_URL</c>), validated when the
    /// host starts; <see cref="ISinchClient"/> and <see cref="SinchRuntime"/> from the runtime that
    /// <c>WithSinchActors</c> starts, <see cref="Projects.ISinchProjects"/> to manage projects at run time; and the
    /// <see cref="SinchActorsHealthCheck"/> (tags <c>sinch</c>, <c>ready</c>). An <see cref="Projects.ISinchCredentialsProvider"/>
    /// registered in the services finds projects not configured up front.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Code options, applied after configuration binding, so they win.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSinchActors(this IServiceCollection services, Action<SinchActorsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Calling this again only adds code options: the section must not be bound twice (its projects would repeat).
        if (!services.Any(d => d.ImplementationType == typeof(SinchActorsOptionsValidator)))
        {
            services.AddOptions<SinchActorsOptions>()
                .Configure<IConfiguration>((o, configuration) =>
                {
                    configuration.GetSection(SinchActorsOptions.SectionName).Bind(o);
                    o.AddProjectFromEnvironment(name => configuration[name]);
                })
                .ValidateOnStart();
            services.AddSingleton<IValidateOptions<SinchActorsOptions>, SinchActorsOptionsValidator>();
            services.TryAddSingleton(sp => SinchActorsHostedRuntime.For(sp.GetRequiredService<Akka.Actor.ActorSystem>()));
            services.TryAddSingleton(sp => sp.GetRequiredService<SinchRuntime>().Client);
            services.TryAddSingleton(sp => sp.GetRequiredService<SinchRuntime>().Projects);
            services.AddHealthChecks().AddCheck<SinchActorsHealthCheck>(HealthCheckName, tags: ["sinch", "ready"]);
        }
        if (configure is not null)
            services.Configure(configure);
        return services;
    }

    /// <summary>Starts SinchActors on the host's actor system with the options registered by <see cref="AddSinchActors"/>.</summary>
    /// <param name="builder">The Akka builder.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static AkkaConfigurationBuilder WithSinchActors(this AkkaConfigurationBuilder builder) =>
        builder.WithSinchActors(new SinchActorsOptions());

    /// <summary>Starts SinchActors serving one project (the single-project case).</summary>
    /// <param name="builder">The Akka builder.</param>
    /// <param name="projectId">The Sinch project ID.</param>
    /// <param name="keyId">The access key ID.</param>
    /// <param name="keySecret">The access key secret.</param>
    /// <param name="authUrl">The token endpoint; the global one when null.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static AkkaConfigurationBuilder WithSinchActors(this AkkaConfigurationBuilder builder, string projectId, string keyId,
        string keySecret, Uri? authUrl = null) =>
        builder.WithSinchActors(new SinchActorsOptions().AddProject(projectId, keyId, keySecret, authUrl?.ToString()));

    /// <summary>Starts SinchActors with options set in code.</summary>
    /// <param name="builder">The Akka builder.</param>
    /// <param name="configure">Sets the options; values set here win over every other source.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static AkkaConfigurationBuilder WithSinchActors(this AkkaConfigurationBuilder builder, Action<SinchActorsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SinchActorsOptions();
        configure(options);
        return builder.WithSinchActors(options);
    }

    /// <summary>
    /// Starts SinchActors with an options instance: its values are added as HOCON in front of the actor system's
    /// configuration, the reference configuration behind it; the runtime starts with the actor system, its request
    /// pool is registered as <see cref="SinchRequestPool"/>.
    /// </summary>
    /// <param name="builder">The Akka builder.</param>
    /// <param name="options">The options; values set here win over every other source.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static AkkaConfigurationBuilder WithSinchActors(this AkkaConfigurationBuilder builder, SinchActorsOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.AddHocon(options.ToConfig(), HoconAddMode.Prepend);
        builder.AddHocon(SinchActorsConfig.Reference, HoconAddMode.Append);
        builder.AddSetup(new SinchActorsSetup(options));
        builder.AddStartup((system, _) => SinchActorsHostedRuntime.For(system));
        return builder;
    }
}

/// <summary>Runs <see cref="SinchActorsOptions.Validate"/> when the host validates options.</summary>
internal sealed class SinchActorsOptionsValidator : IValidateOptions<SinchActorsOptions>
{
    public ValidateOptionsResult Validate(string? name, SinchActorsOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
