using Akka.Actor;
using Akka.Routing;
using SinchActors.Auth;
using SinchActors.Hosting;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors;

/// <summary>
/// The SinchActors runtime on an existing <see cref="ActorSystem"/>: the project registry with its token managers,
/// the request worker pool and the one HTTP handler they share. Dispose it to fail what is still in flight with
/// <see cref="SinchShutdownException"/>, stop its actors and release its connections.
/// </summary>
public sealed class SinchRuntime : IAsyncDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly HttpMessageInvoker _http;
    private readonly HttpAttemptSender _sender;
    private readonly TokenFetchLimiter _fetchLimiter;
    private readonly SinchProjects _projects;
    private readonly InFlightLimiter _limiter;
    private int _disposed;

    private SinchRuntime(ActorSystem system, SinchRuntimeOptions options)
    {
        var config = SinchActorsConfig.WithReferenceFallback(system.Settings.Config);
        Settings = options.Requests ?? SinchRequestSettings.FromConfig(config.GetConfig("sinch-actors.requests"));
        var authSettings = options.Auth ?? TokenManagerSettings.FromConfig(config.GetConfig("sinch-actors.auth"));
        ProjectSettings = (options.ProjectSettings ?? ProjectRegistrySettings.FromConfig(config.GetConfig("sinch-actors.projects"))).Validate();
        var time = options.TimeProvider;

        _http = new HttpMessageInvoker(CreateHandler(Settings), disposeHandler: true);
        _fetchLimiter = new TokenFetchLimiter(options.TokenClient ?? new TokenClient(_http, authSettings.FetchTimeout), ProjectSettings.MaxConcurrentTokenFetches);
        // The lookup answer waits for the provider (bounded by its own timeout) plus the registry's mailbox.
        var directory = new ProjectDirectory(options.CredentialsProvider is not null, time, ProjectSettings.LookupTimeout + TimeSpan.FromSeconds(5));
        ProjectRegistry = system.ActorOf(
            SinchActors.Projects.ProjectRegistry.Props(directory, ProjectSettings, authSettings, _fetchLimiter, options.CredentialsProvider, time),
            options.ProjectRegistryName);
        directory.Attach(ProjectRegistry);
        Directory = directory;
        _projects = new SinchProjects(ProjectRegistry, directory, ProjectSettings);

        _limiter = new InFlightLimiter(Settings.MaxInFlight, Settings.MaxInFlightPerProject);
        _sender = new HttpAttemptSender(_http, Settings, time);
        var intake = new RequestIntake(directory, new SinchEndpoints(Settings.BaseUrls), _limiter, Settings, time, _shutdown.Token);
        var pool = new RoundRobinPool(Settings.Workers)
            .WithSupervisorStrategy(new RequestSupervisorStrategy(Settings, time, system.Scheduler));
        RequestPool = system.ActorOf(RequestWorker.Props(intake, _sender, time).WithRouter(pool), options.RequestPoolName);
        Client = new SinchClient(intake, RequestPool);
    }

    /// <summary>The projects served: add, rotate and remove them while the runtime runs.</summary>
    public ISinchProjects Projects => _projects;

    /// <summary>The project registry actor, parent of the token managers (one per access key).</summary>
    public IActorRef ProjectRegistry { get; }

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

    /// <summary>
    /// Starts the runtime on <paramref name="system"/> and waits until the projects of
    /// <see cref="SinchRuntimeOptions.Projects"/> are registered (no token is fetched before a project's first request).
    /// Prefer <see cref="CreateAsync"/> in asynchronous code.
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
            return runtime;
        }
        catch
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Fails unanswered requests with <see cref="SinchShutdownException"/>, stops the actors, closes connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        RequestPool.Tell(PoisonPill.Instance);
        ProjectRegistry.Tell(PoisonPill.Instance);
        await _sender.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    private static SocketsHttpHandler CreateHandler(SinchRequestSettings settings) => new()
    {
        PooledConnectionLifetime = settings.PooledConnectionLifetime,
        PooledConnectionIdleTimeout = settings.PooledConnectionIdleTimeout,
        MaxConnectionsPerServer = settings.MaxConnectionsPerServer,
        ConnectTimeout = settings.ConnectTimeout,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };
}
