using Akka.Actor;
using Akka.Routing;
using Akka.Event;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Configuration;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors.Hosting;

/// <summary>
/// The SinchActors runtime on an existing <see cref="ActorSystem"/>: the project registry with its token managers,
/// the request worker pool and the one HTTP handler they share. When the actor system shuts down (its
/// <see cref="CoordinatedShutdown"/> phase <c>sinch-actors.shutdown.phase</c>, <c>service-requests-done</c> by default) the runtime stops accepting, drains what is in
/// flight for up to <c>sinch-actors.shutdown.drain-timeout</c> and fails the rest with <see cref="SinchShutdownException"/>;
/// <see cref="ShutdownAsync"/> does the same on demand, <see cref="DisposeAsync"/> without draining.
/// </summary>
public sealed partial class SinchRuntime : IAsyncDisposable, IRuntimeGauges
{
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly RuntimeLog _log;
    private Task? _stopped;
    private readonly HttpMessageInvoker _http;
    
    private readonly SinchProjects _projects;
    private readonly InFlightLimiter _limiter;
    private readonly OutstandingCalls _calls = new();
    private int _disposed;
    private bool _ownsSystem;

    private SinchRuntime(ActorSystem system, SinchActorsOptions options)
    {
        system.Settings.InjectTopLevelFallback(CompactMailbox.Registration);
        // The options' own values over the actor system's configuration over the reference configuration (the defaults).
        var config = SinchActorsConfig.WithReferenceFallback(options.ToConfig().WithFallback(system.Settings.Config));
        Settings = SinchRequestSettings.FromConfig(config.GetConfig("sinch-actors.requests")) with
        {
            IncludeProjectTag = TelemetrySettings.FromConfig(config.GetConfig(TelemetrySettings.Table.Section)).IncludeProjectTag,
        };
        var authSettings = TokenManagerSettings.FromConfig(config.GetConfig("sinch-actors.auth")).ValidateAgainst(Settings.AttemptTimeout);
        ProjectSettings = ProjectRegistrySettings.FromConfig(config.GetConfig("sinch-actors.projects"));
        var shutdown = ShutdownSettings.FromConfig(config.GetConfig("sinch-actors.shutdown"));
        var time = options.TimeProvider ?? TimeProvider.System;
        ActorSystem = system;
        _log = new RuntimeLog(options.LoggerFactory, Logging.GetLogger(system, SinchActorsLogEvents.Category));
        DrainTimeout = shutdown.DrainTimeout;
        DrainPhase = shutdown.Phase;

        // The runtime disposes the chain when it stops; a handler from IHttpClientFactory ignores that, as it should.
        _http = new HttpMessageInvoker(RuntimeHttpHandler.Create(options, Settings, ProjectSettings.MaxConcurrentTokenFetches), disposeHandler: true);
        try
        {
            var fetcher = new TokenFetcher(new ObservedTokenClient(options.TokenClient ?? new TokenClient(_http, authSettings.FetchTimeout, time), Health, Settings.IncludeProjectTag),
                ProjectSettings.MaxConcurrentTokenFetches, authSettings.FetchTimeout, ProjectSettings.MaxTokenRequestsPerSecond, time);
            var registryName = options.ProjectRegistryName ?? "sinch-projects";
            Refreshes = system.ActorOf(RefreshScheduler.Props(time, ProjectSettings.MaxTokenRequestsPerSecond), registryName + "-refreshes");
            var managers = new TokenManagerDependencies(system, authSettings, fetcher, time, Refreshes);
            var placement = system.Settings.Setup.Get<TokenManagerPlacementSetup>() is { HasValue: true } setup
                ? setup.Value.Create(managers)
                : new LocalTokenManagers(managers);
            // The lookup answer waits for the provider (bounded by its own timeout) plus the registry's mailbox.
            var directory = new ProjectDirectory(options.CredentialsProvider is not null, time, ProjectSettings.LookupTimeout + TimeSpan.FromSeconds(5),
                self => system.ActorOf(SinchActors.Projects.ProjectRegistry.Props(self, ProjectSettings, placement, options.CredentialsProvider, time),
                    registryName));
            ProjectRegistry = directory.Registry;
            Directory = directory;
            _projects = new SinchProjects(ProjectRegistry, directory, ProjectSettings);
            Tokens = new SinchTokens(directory, Settings.DefaultDeadline, time, _stopAccepting.Token);

            _limiter = new InFlightLimiter(Settings.MaxInFlight, Settings.MaxInFlightPerProject);
            var runner = new AttemptRunner(new HttpAttemptSender(_http, Settings, time, Health), Settings, time, options.Randomizer ?? (static () => Random.Shared.NextDouble()));
            var intake = new RequestIntake(directory, new SinchEndpoints(Settings), _limiter, Settings, time, _calls, _stopAccepting.Token, _shutdown.Token,
                self => system.ActorOf(RequestWorker.Props(self, runner, time).WithRouter(RequestPoolRouter(Settings, system.Scheduler)),
                    options.RequestPoolName ?? "sinch-requests"));
            RequestPool = intake.Pool;
            Client = new SinchClient(intake, RequestPool);
            RegisterDrainOnShutdown(system);
            SinchActorsTelemetry.Track(this);
        }
        catch
        {
            // Nobody holds the runtime yet (say, an actor name was taken): release what was already started.
            if (ProjectRegistry is not null)
                system.Stop(ProjectRegistry);
            if (Refreshes is not null)
                system.Stop(Refreshes);
            if (RequestPool is not null)
                system.Stop(RequestPool);
            _http.Dispose();
            throw;
        }
    }

    /// <summary>The projects served: add, rotate and remove them while the runtime runs.</summary>
    public ISinchProjects Projects => _projects;

    /// <summary>Access tokens on demand, from each key's own token manager (for code that sets the header itself).</summary>
    public ISinchTokens Tokens { get; }

    /// <summary>The project registry actor, parent of the token managers (one per access key).</summary>
    public IActorRef ProjectRegistry { get; }

    /// <summary>The scheduler of every key's token refresh (<see cref="RefreshScheduler"/>).</summary>
    internal IActorRef Refreshes { get; }

    /// <summary>The registry's published projects, for tests and diagnostics.</summary>
    internal ProjectDirectory Directory { get; }

    /// <summary>The project registry settings in effect.</summary>
    internal ProjectRegistrySettings ProjectSettings { get; }

    /// <summary>The thread-safe client facade.</summary>
    public ISinchClient Client { get; }

    /// <summary>
    /// The request worker pool, for the actor-native path: Tell it <see cref="SendSinchRequest"/> and receive
    /// <see cref="SinchRequestSucceeded"/> or <see cref="SinchRequestFailed"/>.
    /// </summary>
    public IActorRef RequestPool { get; }

    /// <summary>The request pipeline settings in effect.</summary>
    internal SinchRequestSettings Settings { get; }

    /// <summary>Requests admitted and not yet answered.</summary>
    public int InFlight => _limiter.InFlight;

    /// <summary>The actor system the runtime runs on.</summary>
    public ActorSystem ActorSystem { get; }

    /// <summary>How long a shutdown of the actor system waits for requests in flight before failing them.</summary>
    public TimeSpan DrainTimeout { get; }

    /// <summary>The <see cref="CoordinatedShutdown"/> phase the drain runs in (<c>sinch-actors.shutdown.phase</c>).</summary>
    public string DrainPhase { get; }

    /// <summary>Whether new requests are admitted: <c>false</c> once shutdown or disposal began.</summary>
    public bool IsAccepting => !_stopAccepting.IsCancellationRequested && !ActorSystem.WhenTerminated.IsCompleted;

    /// <summary>Projects the runtime serves.</summary>
    internal int ActiveProjects => Directory.Count;

    int IRuntimeGauges.InFlight => InFlight;

    int IRuntimeGauges.ActiveProjects => ActiveProjects;

    /// <summary>Auth and circuit state for the health check.</summary>
    internal RuntimeHealth Health { get; } = new();

    /// <summary>
    /// Starts the runtime on <paramref name="system"/> and waits until the projects of
    /// <see cref="SinchActorsOptions.Projects"/> are registered (no token is fetched before a project's first request).
    /// Prefer <see cref="CreateAsync"/> in asynchronous code.
    /// </summary>
    /// <param name="system">The actor system to run on; the runtime's actors are top-level actors in it.</param>
    /// <param name="options">Projects and settings; values not set come from the actor system's configuration and the reference configuration.</param>
    /// <exception cref="SinchConfigurationException">The options or the resulting settings are invalid; each problem names its key.</exception>
    public static SinchRuntime Create(ActorSystem system, SinchActorsOptions options) =>
        CreateAsync(system, options).GetAwaiter().GetResult();

    /// <summary>Starts the runtime on <paramref name="system"/> once the initial projects are registered.</summary>
    /// <param name="system">The actor system to run on; the runtime's actors are top-level actors in it.</param>
    /// <param name="options">Projects and settings; values not set come from the actor system's configuration and the reference configuration.</param>
    /// <param name="cancellationToken">Stops waiting for the initial projects; the runtime is disposed.</param>
    /// <exception cref="SinchConfigurationException">The options or the resulting settings are invalid; each problem names its key.</exception>
    public static async Task<SinchRuntime> CreateAsync(ActorSystem system, SinchActorsOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate(system.Settings.Config) is { Count: > 0 } problems)
            throw new SinchConfigurationException(problems);
        var runtime = new SinchRuntime(system, options);
        try
        {
            if (options.Projects.Count > 0)
                await runtime._projects.AddAllAsync(options.Projects.Select(p => p.ToCredentials(options.AuthUrl)).ToArray(), cancellationToken).ConfigureAwait(false);
            runtime._log.Started(runtime.Directory.Count, runtime.Settings.Workers);
            return runtime;
        }
        catch
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts the runtime on an actor system of its own (named <c>sinch-actors</c>, configured by the options over the
    /// reference configuration), for applications that do not run Akka.NET themselves. Disposing the runtime
    /// terminates that actor system.
    /// </summary>
    /// <param name="options">Projects and settings.</param>
    /// <param name="cancellationToken">Stops waiting for the initial projects; the runtime and its actor system are stopped.</param>
    /// <exception cref="SinchConfigurationException">The options are invalid.</exception>
    public static async Task<SinchRuntime> StartAsync(SinchActorsOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } problems)
            throw new SinchConfigurationException(problems);
        var system = ActorSystem.Create("sinch-actors", SinchActorsConfig.WithReferenceFallback(options.ToConfig()));
        try
        {
            var runtime = await CreateAsync(system, options, cancellationToken).ConfigureAwait(false);
            runtime._ownsSystem = true;
            return runtime;
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The pool's router: by project ID (see <see cref="RequestRouting"/>), supervised by the retry executor.</summary>
    internal static Pool RequestPoolRouter(SinchRequestSettings settings, IScheduler scheduler)
    {
        var supervisor = new RequestSupervisorStrategy(scheduler);
        return settings.Routing == RequestRouting.RoundRobin
            ? new RoundRobinPool(settings.Workers).WithSupervisorStrategy(supervisor)
            : new ProjectRoutingPool(settings.Workers, supervisor);
    }
}
