using Akka.Actor;
using Akka.Routing;
using SinchActors.Auth;
using SinchActors.Hosting;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors;

/// <summary>
/// The SinchActors runtime on an existing <see cref="ActorSystem"/>: the token managers, the request worker pool
/// and the one HTTP handler they share. Dispose it to fail what is still in flight with
/// <see cref="SinchShutdownException"/>, stop its actors and release its connections.
/// </summary>
public sealed class SinchRuntime : IAsyncDisposable
{
    private readonly CancellationTokenSource _shutdown = new();
    private readonly HttpMessageInvoker _http;
    private readonly HttpAttemptSender _sender;
    private readonly ProjectTable _projects;
    private readonly InFlightLimiter _limiter;
    private int _disposed;

    private SinchRuntime(ActorSystem system, SinchRuntimeOptions options)
    {
        var config = SinchActorsConfig.WithReferenceFallback(system.Settings.Config);
        Settings = options.Requests ?? SinchRequestSettings.FromConfig(config.GetConfig("sinch-actors.requests"));
        var authSettings = options.Auth ?? TokenManagerSettings.FromConfig(config.GetConfig("sinch-actors.auth"));
        var time = options.TimeProvider;

        _http = new HttpMessageInvoker(CreateHandler(Settings), disposeHandler: true);
        _projects = new ProjectTable(system, authSettings, options.TokenClient ?? new TokenClient(_http, authSettings.FetchTimeout));
        foreach (var project in options.Projects)
            _projects.Add(project);

        _limiter = new InFlightLimiter(Settings.MaxInFlight, Settings.MaxInFlightPerProject);
        _sender = new HttpAttemptSender(_http, Settings, time);
        var intake = new RequestIntake(_projects, new SinchEndpoints(Settings.BaseUrls), _limiter, Settings, time, _shutdown.Token);
        var pool = new RoundRobinPool(Settings.Workers)
            .WithSupervisorStrategy(new RequestSupervisorStrategy(Settings, time, system.Scheduler));
        RequestPool = system.ActorOf(RequestWorker.Props(intake, _sender, time).WithRouter(pool), options.RequestPoolName);
        Client = new SinchClient(intake, RequestPool);
    }

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

    /// <summary>Starts the runtime on <paramref name="system"/>.</summary>
    /// <param name="system">The actor system to run on; the runtime's actors are top-level actors in it.</param>
    /// <param name="options">Projects and settings.</param>
    public static SinchRuntime Create(ActorSystem system, SinchRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        return new SinchRuntime(system, options);
    }

    /// <summary>Fails unanswered requests with <see cref="SinchShutdownException"/>, stops the actors, closes connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        RequestPool.Tell(PoisonPill.Instance);
        _projects.StopAll();
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
