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
/// <see cref="SinchRuntime"/>, a health check, and an actor system of its own unless the app runs Akka.Hosting);
/// <c>AddSinchActorsHandler</c> on an <c>HttpClient</c>'s builder; and, for an app with its own Akka.Hosting system,
/// <c>WithSinchActors</c> on the Akka builder (the runtime on the host's actor system, HOCON,
/// <see cref="SinchRequestPool"/> in the <c>ActorRegistry</c>). Precedence: code options given to
/// <c>WithSinchActors</c>, then code options given to <see cref="AddSinchActors"/>, then <c>appsettings.json</c>
/// and environment, then the actor system's HOCON, then the reference configuration.
/// </summary>
public static class SinchActorsHostingExtensions
{
    /// <summary>The name of the health check <see cref="AddSinchActors"/> registers.</summary>
    public const string HealthCheckName = "sinch-actors";

    /// <summary>
    /// The complete registration of SinchActors: its options (bound from <c>Sinch</c> in the host's configuration, plus
    /// the project in <c>SINCH_PROJECT_ID</c>/<c>SINCH_KEY_ID</c>/<c>SINCH_KEY_SECRET</c>/<c>SINCH_AUTH_URL</c>),
    /// validated when the host starts; <see cref="SinchRuntime"/>, <see cref="ISinchClient"/>,
    /// <see cref="Auth.ISinchTokens"/> and <see cref="Projects.ISinchProjects"/>; and the
    /// <see cref="SinchActorsHealthCheck"/> (tags <c>sinch</c>, <c>ready</c>); the host's <c>IMeterFactory</c>
    /// (<c>AddMetrics</c>), which the runtime's meter comes from. When the app registers no Akka.Hosting
    /// actor system, SinchActors starts one of its own with the host and shuts it down with the host; when it calls
    /// <c>AddAkka</c>, the runtime runs on that system (add <c>WithSinchActors</c> to its builder for code options and
    /// the <c>ActorRegistry</c>). An <see cref="Projects.ISinchCredentialsProvider"/> registered in the services finds
    /// projects not configured up front.
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
            services.AddMetrics(); // the runtime's meter comes from the host's IMeterFactory (a no-op when the host added it)
            services.TryAddSingleton<SinchActorsOwnSystem>();
            services.AddHostedService(sp => sp.GetRequiredService<SinchActorsOwnSystem>());
            services.TryAddSingleton(sp => SinchActorsHostedRuntime.For(SinchActorsOwnSystem.For(sp)));
            services.TryAddSingleton(sp => sp.GetRequiredService<SinchRuntime>().Client);
            services.TryAddSingleton(sp => sp.GetRequiredService<SinchRuntime>().Projects);
            services.TryAddSingleton(sp => sp.GetRequiredService<SinchRuntime>().Tokens);
            services.AddHealthChecks().AddCheck<SinchActorsHealthCheck>(HealthCheckName, tags: ["sinch", "ready"]);
        }
        if (configure is not null)
            services.Configure(configure);
        return services;
    }

    /// <summary>
    /// Makes every request of the client ride the runtime for <paramref name="projectId"/> (see
    /// <see cref="SinchActorsHandler"/>); registers SinchActors (<see cref="AddSinchActors"/>) if not yet done. Add it
    /// last: the runtime's HTTP stack sends the request, so handlers added after it are not called.
    /// </summary>
    /// <param name="builder">The client's builder, from <c>services.AddHttpClient(...)</c>.</param>
    /// <param name="projectId">The project whose token authorizes the client's requests.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHttpClientBuilder AddSinchActorsHandler(this IHttpClientBuilder builder, string projectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        return builder.AddSinchActorsHandler(_ => projectId);
    }

    /// <summary>
    /// Makes every request of the client ride the runtime for the project <paramref name="selectProject"/> picks per
    /// request (multi-tenant clients); otherwise as <see cref="AddSinchActorsHandler(IHttpClientBuilder, string)"/>.
    /// </summary>
    /// <param name="builder">The client's builder, from <c>services.AddHttpClient(...)</c>.</param>
    /// <param name="selectProject">Picks a request's project, for example from an option set on it or its URI.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static IHttpClientBuilder AddSinchActorsHandler(this IHttpClientBuilder builder, Func<HttpRequestMessage, string> selectProject)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(selectProject);
        builder.Services.AddSinchActors();
        return builder.AddHttpMessageHandler(sp => new SinchActorsHandler(sp.GetRequiredService<SinchRuntime>(), selectProject));
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
