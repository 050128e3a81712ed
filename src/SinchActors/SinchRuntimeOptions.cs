using SinchActors.Auth;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors;

/// <summary>What <see cref="SinchRuntime.Create(Akka.Actor.ActorSystem, SinchRuntimeOptions)"/> needs: the projects and, optionally, settings that override configuration.</summary>
public sealed class SinchRuntimeOptions
{
    /// <summary>
    /// The projects served from the start, one access key each (projects with the same key share its token). More can
    /// be added, rotated and removed at run time through <see cref="SinchRuntime.Projects"/>.
    /// </summary>
    public IList<SinchCredentials> Projects { get; } = new List<SinchCredentials>();

    /// <summary>Finds the credentials of projects not registered up front; <c>null</c> refuses them at once.</summary>
    public ISinchCredentialsProvider? CredentialsProvider { get; set; }

    /// <summary>Project registry settings; <c>null</c> reads <c>sinch-actors.projects</c> from the actor system's configuration.</summary>
    public ProjectRegistrySettings? ProjectSettings { get; set; }

    /// <summary>Request pipeline settings; <c>null</c> reads <c>sinch-actors.requests</c> from the actor system's configuration.</summary>
    public SinchRequestSettings? Requests { get; set; }

    /// <summary>Token manager settings; <c>null</c> reads <c>sinch-actors.auth</c> from the actor system's configuration.</summary>
    public TokenManagerSettings? Auth { get; set; }

    /// <summary>The clock of deadlines, per-attempt timeouts and circuit breakers (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The source of back-off jitter: a number in [0, 1) per retry; thread-safe. Tests pass a constant to pin the delays.
    /// </summary>
    public Func<double> Randomizer { get; set; } = static () => Random.Shared.NextDouble();

    /// <summary>
    /// Adjusts the <see cref="SocketsHttpHandler"/> the runtime builds from <c>sinch-actors.requests.http</c> (a
    /// proxy, client certificates through <see cref="SocketsHttpHandler.SslOptions"/>, ...). Not used when
    /// <see cref="PrimaryHandler"/> is set.
    /// </summary>
    public Action<SocketsHttpHandler>? ConfigurePrimaryHandler { get; set; }

    /// <summary>
    /// Supplies the innermost HTTP handler instead of the runtime's own (for example
    /// <c>IHttpClientFactory.CreateHandler(name)</c>); called once. Its connection limits and timeouts are then its own:
    /// keep its connections per server at least <c>max-in-flight</c> and its connect timeout below <c>attempt-timeout</c>.
    /// </summary>
    public Func<HttpMessageHandler>? PrimaryHandler { get; set; }

    /// <summary>
    /// <see cref="DelegatingHandler"/>s around the primary handler, outermost first, each made once; they see every API
    /// call and token request (with its credentials: never log the <c>Authorization</c> header).
    /// </summary>
    public IList<Func<DelegatingHandler>> HttpHandlers { get; } = [];

    /// <summary>The token endpoint client; <c>null</c> for one that shares the runtime's HTTP handler.</summary>
    public ITokenClient? TokenClient { get; set; }

    /// <summary>
    /// HOCON layered over the actor system's configuration for this runtime only (for example
    /// <see cref="Hosting.SinchActorsOptions.ToConfig"/>); <c>null</c> for none.
    /// </summary>
    public Akka.Configuration.Config? Configuration { get; set; }

    /// <summary>Where the runtime's own events go (<see cref="Diagnostics.SinchActorsLogEvents"/>); <c>null</c> for the actor system's log.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The request pool's actor name.</summary>
    public string RequestPoolName { get; set; } = "sinch-requests";

    /// <summary>The project registry's actor name; the token managers are its children.</summary>
    public string ProjectRegistryName { get; set; } = "sinch-projects";
}
