using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors.Hosting;

/// <summary>
/// Everything SinchActors can be configured with: the one options model of the standalone runtime
/// (<see cref="SinchRuntime.StartAsync"/>, <see cref="SinchRuntime.CreateAsync(Akka.Actor.ActorSystem, SinchActorsOptions, CancellationToken)"/>)
/// and of the Generic Host (<c>AddSinchActors</c>, <c>WithSinchActors</c>, the <c>Sinch</c> section of
/// <c>appsettings.json</c>). Every knob is nullable: only the values set here are emitted as HOCON
/// (<see cref="ToConfig"/>), over the actor system's configuration and the reference configuration
/// (<c>hocon/sinch-actors.conf</c>), which alone holds the defaults. The sections mirror HOCON:
/// <c>Requests:Http:ConnectTimeout</c> is <c>sinch-actors.requests.http.connect-timeout</c> (only
/// <c>ProjectRegistry</c> is <c>sinch-actors.projects</c>, since <c>Projects</c> lists the projects). Members marked
/// "code only" cannot be bound from configuration.
/// </summary>
public sealed class SinchActorsOptions
{
    /// <summary>The configuration section the host binds: <c>Sinch</c>.</summary>
    public const string SectionName = "Sinch";

    /// <summary>The projects served from the start (more can be added at run time).</summary>
    public List<SinchProjectOptions> Projects { get; set; } = [];

    /// <summary>The token endpoint of projects that name none; <see cref="SinchAuthority.Global"/> when unset.</summary>
    public string? AuthUrl { get; set; }

    /// <summary>The actor name of the request worker pool; <c>sinch-requests</c> when unset.</summary>
    public string? RequestPoolName { get; set; }

    /// <summary>The actor name of the project registry (the token managers are its children); <c>sinch-projects</c> when unset.</summary>
    public string? ProjectRegistryName { get; set; }

    /// <summary>
    /// Finds the credentials of projects not listed in <see cref="Projects"/> (for example in a tenant database);
    /// code only. When hosted, an <see cref="ISinchCredentialsProvider"/> registered in the services is used if this is unset.
    /// </summary>
    public ISinchCredentialsProvider? CredentialsProvider { get; set; }

    /// <summary>
    /// Where the runtime's own events go (<see cref="Diagnostics.SinchActorsLogEvents"/>); code only. When hosted, the
    /// host's logger factory is used if this is unset; otherwise the actor system's log.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Where the runtime's meter comes from (<see cref="Diagnostics.SinchActorsTelemetry"/>); code only. When hosted,
    /// the host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/> is used if this is unset; otherwise the
    /// runtime creates a meter of its own and disposes it when it stops.
    /// </summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// When hosted: the named client of <c>IHttpClientFactory</c> whose handler carries every call (register it with
    /// <c>services.AddHttpClient(name)</c>, which is where its proxy, certificates and handlers are configured). Its
    /// connection limits are then its own: keep connections per server at least <c>max-in-flight</c>.
    /// </summary>
    public string? HttpClientName { get; set; }

    /// <summary>
    /// Code only: adjusts the <see cref="SocketsHttpHandler"/> the runtime builds from <c>sinch-actors.requests.http</c>
    /// (a proxy, client certificates through <see cref="SocketsHttpHandler.SslOptions"/>, ...). Not used when
    /// <see cref="PrimaryHandler"/> is set.
    /// </summary>
    public Action<SocketsHttpHandler>? ConfigurePrimaryHandler { get; set; }

    /// <summary>
    /// Code only: supplies the innermost HTTP handler instead of the runtime's own (for example
    /// <c>IHttpClientFactory.CreateHandler(name)</c>); called once; wins over <see cref="HttpClientName"/>. Its connection
    /// limits and timeouts are then its own: keep its connections per server at least <c>max-in-flight</c> and its
    /// connect timeout below <c>attempt-timeout</c>.
    /// </summary>
    public Func<HttpMessageHandler>? PrimaryHandler { get; set; }

    /// <summary>
    /// Code only: <see cref="DelegatingHandler"/>s around the primary handler, outermost first, each made once; they see
    /// every API call and token request (with its credentials: never log the <c>Authorization</c> header).
    /// </summary>
    public List<Func<DelegatingHandler>> HttpHandlers { get; set; } = [];

    /// <summary>Code only: the clock of deadlines, per-attempt timeouts and circuit breakers; <see cref="System.TimeProvider.System"/> when unset.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// Code only: the source of back-off jitter, a number in [0, 1) per retry, thread-safe; <see cref="Random.Shared"/>
    /// when unset. Tests pass a constant to pin the delays.
    /// </summary>
    public Func<double>? Randomizer { get; set; }

    /// <summary>The token endpoint client; <c>null</c> for one that shares the runtime's HTTP handler (tests and the CLI count fetches).</summary>
    internal ITokenClient? TokenClient { get; set; }

    /// <summary>The project registry (shared keys, passivation, the token-fetch cap): <c>sinch-actors.projects</c>.</summary>
    public SinchProjectRegistryOptions ProjectRegistry { get; set; } = new();

    /// <summary>The request pipeline: <c>sinch-actors.requests</c>.</summary>
    public SinchRequestOptions Requests { get; set; } = new();

    /// <summary>Token management: <c>sinch-actors.auth</c>.</summary>
    public SinchAuthOptions Auth { get; set; } = new();

    /// <summary>Graceful shutdown: <c>sinch-actors.shutdown</c>.</summary>
    public SinchShutdownOptions Shutdown { get; set; } = new();

    /// <summary>Metrics and traces: <c>sinch-actors.telemetry</c>.</summary>
    public SinchTelemetryOptions Telemetry { get; set; } = new();

    /// <summary>The environment variables of the single-project case.</summary>
    public static class EnvironmentVariables
    {
        /// <summary><c>SINCH_PROJECT_ID</c>.</summary>
        public const string ProjectId = "SINCH_PROJECT_ID";
        /// <summary><c>SINCH_KEY_ID</c>.</summary>
        public const string KeyId = "SINCH_KEY_ID";
        /// <summary><c>SINCH_KEY_SECRET</c>.</summary>
        public const string KeySecret = "SINCH_KEY_SECRET";
        /// <summary><c>SINCH_AUTH_URL</c> (optional).</summary>
        public const string AuthUrl = "SINCH_AUTH_URL";
    }

    /// <summary>Adds a project to <see cref="Projects"/>.</summary>
    /// <param name="projectId">The project ID.</param>
    /// <param name="keyId">The access key ID.</param>
    /// <param name="keySecret">The access key secret.</param>
    /// <param name="authUrl">The token endpoint, or <c>null</c> for <see cref="AuthUrl"/>.</param>
    /// <returns>This instance.</returns>
    public SinchActorsOptions AddProject(string projectId, string keyId, string keySecret, string? authUrl = null)
    {
        Projects.Add(new SinchProjectOptions { ProjectId = projectId, KeyId = keyId, KeySecret = keySecret, AuthUrl = authUrl });
        return this;
    }

    /// <summary>
    /// Adds the project in <c>SINCH_PROJECT_ID</c>, <c>SINCH_KEY_ID</c>, <c>SINCH_KEY_SECRET</c> and optionally
    /// <c>SINCH_AUTH_URL</c>, when any of the first three is set and the project is not listed already. A partial set
    /// is reported by validation, naming the missing variable.
    /// </summary>
    /// <param name="read">Reads a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    /// <returns>This instance.</returns>
    public SinchActorsOptions AddProjectFromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var project = new SinchProjectOptions
        {
            ProjectId = read(EnvironmentVariables.ProjectId),
            KeyId = read(EnvironmentVariables.KeyId),
            KeySecret = read(EnvironmentVariables.KeySecret),
            AuthUrl = read(EnvironmentVariables.AuthUrl),
            FromEnvironment = true,
        };
        var any = project.ProjectId is not null || project.KeyId is not null || project.KeySecret is not null;
        if (any && !Projects.Exists(p => p.ProjectId == project.ProjectId))
            Projects.Add(project);
        return this;
    }

    /// <summary>Adds a project to <see cref="Projects"/>.</summary>
    /// <param name="credentials">The project and its access key.</param>
    /// <returns>This instance.</returns>
    public SinchActorsOptions AddProject(SinchCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Projects.Add(new SinchProjectOptions
        {
            ProjectId = credentials.ProjectId,
            KeyId = credentials.KeyId,
            KeySecret = credentials.KeySecret,
            AuthUrl = credentials.AuthUrl.ToString(),
            Mode = credentials.Mode,
        });
        return this;
    }

    /// <summary>The HOCON of the values set here (under <c>sinch-actors</c>); empty when none is set.</summary>
    public Config ToConfig() => ConfigurationFactory.ParseString(OptionsHocon.Write(this));

    /// <summary>
    /// Checks the options and the settings they result in over <paramref name="baseConfig"/> and the reference
    /// configuration; returns every problem, each naming its key.
    /// </summary>
    /// <param name="baseConfig">The actor system's configuration, or <c>null</c>.</param>
    public IReadOnlyList<string> Validate(Config? baseConfig = null) => SinchActorsOptionsValidation.Problems(this, baseConfig);

    /// <summary>Copies every value set in <paramref name="overrides"/> over this instance, and appends its projects.</summary>
    /// <param name="overrides">The options that win, typically code options over <c>appsettings.json</c>.</param>
    /// <returns>This instance.</returns>
    public SinchActorsOptions Overlay(SinchActorsOptions overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        AuthUrl = overrides.AuthUrl ?? AuthUrl;
        RequestPoolName = overrides.RequestPoolName ?? RequestPoolName;
        ProjectRegistryName = overrides.ProjectRegistryName ?? ProjectRegistryName;
        CredentialsProvider = overrides.CredentialsProvider ?? CredentialsProvider;
        LoggerFactory = overrides.LoggerFactory ?? LoggerFactory;
        MeterFactory = overrides.MeterFactory ?? MeterFactory;
        HttpClientName = overrides.HttpClientName ?? HttpClientName;
        ConfigurePrimaryHandler = overrides.ConfigurePrimaryHandler ?? ConfigurePrimaryHandler;
        PrimaryHandler = overrides.PrimaryHandler ?? PrimaryHandler;
        HttpHandlers.AddRange(overrides.HttpHandlers.Except(HttpHandlers));
        TimeProvider = overrides.TimeProvider ?? TimeProvider;
        Randomizer = overrides.Randomizer ?? Randomizer;
        TokenClient = overrides.TokenClient ?? TokenClient;
        OptionsHocon.Overlay(this, overrides);
        foreach (var project in overrides.Projects)
        {
            Projects.RemoveAll(p => p.ProjectId == project.ProjectId);
            Projects.Add(project);
        }
        return this;
    }
}
