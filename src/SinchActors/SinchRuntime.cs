using Akka.Actor;
using Akka.Routing;
using Akka.Event;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Hosting;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors;

/// <summary>
/// The SinchActors runtime on an existing <see cref="ActorSystem"/>: the project registry with its token managers,
/// the request worker pool and the one HTTP handler they share. When the actor system shuts down (its
/// <see cref="CoordinatedShutdown"/> phase <c>sinch-actors.shutdown.phase</c>, <c>service-requests-done</c> by default) the runtime stops accepting, drains what is in
/// flight for up to <c>sinch-actors.shutdown.drain-timeout</c> and fails the rest with <see cref="SinchShutdownException"/>;
/// <see cref="ShutdownAsync"/> does the same on demand, <see cref="DisposeAsync"/> without draining.
/// </summary>
public sealed class SinchRuntime : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly RuntimeLog _log;
    private Task? _stopped;
    private readonly HttpMessageInvoker _http;
    
    private readonly SinchProjects _projects;
    private readonly InFlightLimiter _limiter;
    private int _disposed;
    private bool _ownsSystem;

    private SinchRuntime(ActorSystem system, SinchRuntimeOptions options)
    {
        system.Settings.InjectTopLevelFallback(CompactMailbox.Registration);
        var config = SinchActorsConfig.WithReferenceFallback(options.Configuration is { } own ? own.WithFallback(system.Settings.Config) : system.Settings.Config);
        // Settings given in code are checked by the same rules FromConfig applies to configured ones.
        Settings = options.Requests?.Validate() ?? SinchRequestSettings.FromConfig(config.GetConfig("sinch-actors.requests"));
        var authSettings = (options.Auth?.Validate() ?? TokenManagerSettings.FromConfig(config.GetConfig("sinch-actors.auth")))
            .ValidateAgainst(Settings.AttemptTimeout);
        ProjectSettings = options.ProjectSettings?.Validate() ?? ProjectRegistrySettings.FromConfig(config.GetConfig("sinch-actors.projects"));
        var time = options.TimeProvider;
        ActorSystem = system;
        _log = new RuntimeLog(options.LoggerFactory, Logging.GetLogger(system, SinchActorsLogEvents.Category));
        DrainTimeout = config.GetTimeSpan("sinch-actors.shutdown.drain-timeout", TimeSpan.FromSeconds(4), allowInfinite: false);
        DrainPhase = config.GetString("sinch-actors.shutdown.phase", CoordinatedShutdown.PhaseServiceRequestsDone);
        SinchActorsTelemetry.IncludeProjectTag = config.GetBoolean("sinch-actors.telemetry.include-project-tag", true);

        // The runtime disposes the chain when it stops; a handler from IHttpClientFactory ignores that, as it should.
        _http = new HttpMessageInvoker(CreateHandlerChain(options, Settings, ProjectSettings.MaxConcurrentTokenFetches), disposeHandler: true);
        try
        {
            var fetcher = new TokenFetcher(new ObservedTokenClient(options.TokenClient ?? new TokenClient(_http, authSettings.FetchTimeout, time), Health),
                ProjectSettings.MaxConcurrentTokenFetches, authSettings.FetchTimeout, ProjectSettings.MaxTokenRequestsPerSecond, time);
            // The lookup answer waits for the provider (bounded by its own timeout) plus the registry's mailbox.
            var directory = new ProjectDirectory(options.CredentialsProvider is not null, time, ProjectSettings.LookupTimeout + TimeSpan.FromSeconds(5));
            Refreshes = system.ActorOf(RefreshScheduler.Props(time, ProjectSettings.MaxTokenRequestsPerSecond), options.ProjectRegistryName + "-refreshes");
            var managers = new TokenManagerDependencies(system, authSettings, fetcher, time, Refreshes);
            var placement = system.Settings.Setup.Get<TokenManagerPlacementSetup>() is { HasValue: true } setup
                ? setup.Value.Create(managers)
                : new LocalTokenManagers(managers);
            ProjectRegistry = system.ActorOf(
                SinchActors.Projects.ProjectRegistry.Props(directory, ProjectSettings, placement, options.CredentialsProvider, time),
                options.ProjectRegistryName);
            directory.Attach(ProjectRegistry);
            Directory = directory;
            _projects = new SinchProjects(ProjectRegistry, directory, ProjectSettings);

            _limiter = new InFlightLimiter(Settings.MaxInFlight, Settings.MaxInFlightPerProject);
            var runner = new AttemptRunner(new HttpAttemptSender(_http, Settings, time, Health), Settings, time, options.Randomizer);
            var intake = new RequestIntake(directory, new SinchEndpoints(Settings), _limiter, Settings, time, _stopAccepting.Token, _shutdown.Token);
            RequestPool = system.ActorOf(RequestWorker.Props(intake, runner, time).WithRouter(RequestPoolRouter(Settings, system.Scheduler)),
                options.RequestPoolName);
            intake.Pool = RequestPool;
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

    /// <summary>The project registry actor, parent of the token managers (one per access key).</summary>
    public IActorRef ProjectRegistry { get; }

    /// <summary>The scheduler of every key's token refresh (<see cref="RefreshScheduler"/>).</summary>
    internal IActorRef Refreshes { get; }

    /// <summary>The registry's published projects, for tests and diagnostics.</summary>
    internal ProjectDirectory Directory { get; }

    /// <summary>The project registry settings in effect.</summary>
    public ProjectRegistrySettings ProjectSettings { get; }

    /// <summary>The thread-safe client facade.</summary>
    public ISinchClient Client { get; }

    /// <summary>
    /// The request worker pool, for the actor-native path: Tell it <see cref="SendSinchRequest"/> and receive
    /// <see cref="SinchRequestSucceeded"/> or <see cref="SinchRequestFailed"/>.
    /// </summary>
    public IActorRef RequestPool { get; }

    /// <summary>The request pipeline settings in effect.</summary>
    public SinchRequestSettings Settings { get; }

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

    /// <summary>Auth and circuit state for the health check.</summary>
    internal RuntimeHealth Health { get; } = new();

    /// <summary>
    /// Starts the runtime on <paramref name="system"/> and waits until the projects of
    /// <see cref="SinchRuntimeOptions.Projects"/> are registered (no token is fetched before a project's first request).
    /// Prefer <see cref="CreateAsync(ActorSystem, SinchRuntimeOptions, CancellationToken)"/> in asynchronous code.
    /// </summary>
    /// <param name="system">The actor system to run on; the runtime's actors are top-level actors in it.</param>
    /// <param name="options">Projects and settings.</param>
    /// <exception cref="ArgumentException">A project is listed twice.</exception>
    public static SinchRuntime Create(ActorSystem system, SinchRuntimeOptions options) =>
        CreateAsync(system, options).GetAwaiter().GetResult();

    /// <summary>Starts the runtime on <paramref name="system"/> once the initial projects are registered.</summary>
    /// <param name="system">The actor system to run on; the runtime's actors are top-level actors in it.</param>
    /// <param name="options">Projects and settings.</param>
    /// <param name="cancellationToken">Stops waiting; the runtime is disposed.</param>
    /// <exception cref="ArgumentException">A project is listed twice.</exception>
    public static async Task<SinchRuntime> CreateAsync(ActorSystem system, SinchRuntimeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        var runtime = new SinchRuntime(system, options);
        try
        {
            if (options.Projects.Count > 0)
                await runtime._projects.AddAllAsync(options.Projects.ToArray(), cancellationToken).ConfigureAwait(false);
            runtime._log.Started(runtime.Directory.Count, runtime.Settings.Workers);
            return runtime;
        }
        catch
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the runtime on <paramref name="system"/> with options as the hosting integration uses them.</summary>
    /// <param name="system">The actor system to run on.</param>
    /// <param name="options">Projects and settings; values not set come from the actor system's configuration and the reference configuration.</param>
    /// <exception cref="SinchConfigurationException">The options or the resulting settings are invalid.</exception>
    public static SinchRuntime Create(ActorSystem system, SinchActorsOptions options) =>
        CreateAsync(system, options).GetAwaiter().GetResult();

    /// <summary>Starts the runtime on <paramref name="system"/> with options as the hosting integration uses them.</summary>
    /// <param name="system">The actor system to run on.</param>
    /// <param name="options">Projects and settings; values not set come from the actor system's configuration and the reference configuration.</param>
    /// <param name="cancellationToken">Stops waiting for the initial projects; the runtime is disposed.</param>
    /// <exception cref="SinchConfigurationException">The options or the resulting settings are invalid.</exception>
    public static Task<SinchRuntime> CreateAsync(ActorSystem system, SinchActorsOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        return CreateAsync(system, options.ToRuntimeOptions(system.Settings.Config), cancellationToken);
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

    /// <summary>
    /// Stops accepting requests (new calls fail with <see cref="SinchShutdownException"/>), waits up to
    /// <paramref name="drainTimeout"/> for those in flight to be answered, fails the rest with
    /// <see cref="SinchShutdownException"/>, then stops the actors and closes connections. Safe to call more than
    /// once: later calls wait for the first.
    /// </summary>
    /// <param name="drainTimeout">How long to let requests in flight finish; zero fails them at once.</param>
    public Task ShutdownAsync(TimeSpan drainTimeout)
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var existing = Interlocked.CompareExchange(ref _stopped, stopping.Task, null);
        if (existing is not null)
            return existing;
        _ = StopAsync(drainTimeout, stopping);
        return stopping.Task;
    }

    /// <summary>
    /// Fails unanswered requests with <see cref="SinchShutdownException"/> at once, stops the actors, closes
    /// connections; terminates the actor system when <see cref="StartAsync"/> created it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await ShutdownAsync(TimeSpan.Zero).ConfigureAwait(false);
        // Not from the shutdown path itself: that may run inside the system's own termination.
        if (_ownsSystem)
            await ActorSystem.Terminate().ConfigureAwait(false);
    }

    private async Task StopAsync(TimeSpan drainTimeout, TaskCompletionSource stopped)
    {
        try
        {
            await _stopAccepting.CancelAsync().ConfigureAwait(false);
            if (drainTimeout > TimeSpan.Zero && InFlight > 0)
            {
                _log.Draining(InFlight, drainTimeout);
                await DrainAsync(drainTimeout).ConfigureAwait(false);
            }
            if (InFlight > 0)
                _log.FailingInFlight(InFlight);
            await _shutdown.CancelAsync().ConfigureAwait(false);
            await StopActorsAsync().ConfigureAwait(false);
            _http.Dispose();
            _stopAccepting.Dispose();
            _shutdown.Dispose();
            SinchActorsTelemetry.Untrack(this);
            _log.Stopped();
            stopped.TrySetResult();
        }
        catch (Exception e)
        {
            stopped.TrySetException(e);
        }
    }

    /// <summary>
    /// Waits for the pool and the registry (with its token managers) to stop, so no token fetch is still using the
    /// handler when it is disposed; an actor that does not stop in time is left to the actor system.
    /// </summary>
    private async Task StopActorsAsync()
    {
        if (ActorSystem.WhenTerminated.IsCompleted)
            return;
        try
        {
            await Task.WhenAll(RequestPool.GracefulStop(ActorStopTimeout), ProjectRegistry.GracefulStop(ActorStopTimeout),
                Refreshes.GracefulStop(ActorStopTimeout)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TaskCanceledException or AskTimeoutException)
        {
            // Every request was already answered; a slow stop only delays releasing the actors.
        }
    }

    private static readonly TimeSpan ActorStopTimeout = TimeSpan.FromSeconds(5);

    // Polling only runs while shutting down; it keeps the hot path free of any drain bookkeeping.
    private async Task DrainAsync(TimeSpan drainTimeout)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var deadline = Environment.TickCount64 + (long)drainTimeout.TotalMilliseconds;
        while (InFlight > 0 && Environment.TickCount64 < deadline)
            await timer.WaitForNextTickAsync().ConfigureAwait(false);
    }

    private void RegisterDrainOnShutdown(ActorSystem system)
    {
        var shutdown = CoordinatedShutdown.Get(system);
        if (string.IsNullOrWhiteSpace(DrainPhase) || !system.Settings.Config.HasPath("akka.coordinated-shutdown.phases." + DrainPhase))
            throw new SinchConfigurationException([$"sinch-actors.shutdown.phase must name a phase of akka.coordinated-shutdown.phases (was '{DrainPhase}')"]);
        var phaseTimeout = shutdown.Timeout(DrainPhase);
        // Answer everything before the phase gives up on us: a drain cut short by the phase would leave requests unanswered
        // until the actors stop.
        var drain = DrainTimeout < phaseTimeout - PhaseMargin ? DrainTimeout : phaseTimeout - PhaseMargin;
        if (drain < DrainTimeout)
            _log.DrainShortened(DrainTimeout, phaseTimeout, drain);
        shutdown.AddTask(DrainPhase, "sinch-actors-drain",
            async () =>
            {
                await ShutdownAsync(drain > TimeSpan.Zero ? drain : TimeSpan.Zero).ConfigureAwait(false);
                return Akka.Done.Instance;
            });
    }

    private static readonly TimeSpan PhaseMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>The pool's router: by project ID (see <see cref="RequestRouting"/>), supervised by the retry executor.</summary>
    internal static Pool RequestPoolRouter(SinchRequestSettings settings, IScheduler scheduler)
    {
        var supervisor = new RequestSupervisorStrategy(scheduler);
        return settings.Routing == RequestRouting.RoundRobin
            ? new RoundRobinPool(settings.Workers).WithSupervisorStrategy(supervisor)
            : new ProjectRoutingPool(settings.Workers, supervisor);
    }

    /// <summary>The user's delegating handlers (outermost first) around the supplied or the runtime's own primary handler.</summary>
    private static HttpMessageHandler CreateHandlerChain(SinchRuntimeOptions options, SinchRequestSettings settings, int tokenFetches)
    {
        HttpMessageHandler handler;
        if (options.PrimaryHandler is { } supply)
            handler = supply() ?? throw new InvalidOperationException("SinchRuntimeOptions.PrimaryHandler returned null.");
        else
        {
            var own = CreateHandler(settings, tokenFetches);
            options.ConfigurePrimaryHandler?.Invoke(own);
            handler = own;
        }
        for (var i = options.HttpHandlers.Count - 1; i >= 0; i--)
        {
            var outer = options.HttpHandlers[i]() ?? throw new InvalidOperationException($"SinchRuntimeOptions.HttpHandlers[{i}] returned null.");
            outer.InnerHandler = handler;
            handler = outer;
        }
        return handler;
    }

    private static SocketsHttpHandler CreateHandler(SinchRequestSettings settings, int tokenFetches) => new()
    {
        PooledConnectionLifetime = settings.PooledConnectionLifetime,
        PooledConnectionIdleTimeout = settings.PooledConnectionIdleTimeout,
        MaxConnectionsPerServer = settings.MaxConnectionsPerServer + tokenFetches,
        ConnectTimeout = settings.ConnectTimeout,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };
}
