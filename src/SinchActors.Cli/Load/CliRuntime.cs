using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Cli.Configuration;
using SinchActors.Hosting;
using SinchActors.Requests;

namespace SinchActors.Cli.Load;

/// <summary>
/// A <see cref="SinchRuntime"/> on an actor system of its own, configured like a hosted runtime (see
/// <see cref="CliSettings"/>), with the token fetches counted for the summary.
/// </summary>
internal sealed class CliRuntime : IAsyncDisposable
{
    /// <summary>The actor system's name: the same on every node of <c>demo --nodes</c>, as a cluster requires.</summary>
    public const string SystemName = "sinch-actors-cli";

    private readonly ActorSystem _system;
    private readonly HttpMessageInvoker _tokenHttp;
    private readonly SinchRuntime _runtime;

    private CliRuntime(ActorSystem system, HttpMessageInvoker tokenHttp, SinchRuntime runtime, CountingTokenClient tokenFetches)
    {
        _system = system;
        _tokenHttp = tokenHttp;
        _runtime = runtime;
        TokenFetches = tokenFetches;
    }

    public ISinchClient Client => _runtime.Client;

    /// <summary>The runtime's actor system.</summary>
    public ActorSystem System => _system;

    /// <summary>The request settings in effect.</summary>
    public SinchRequestSettings Settings => _runtime.Settings;

    public CountingTokenClient TokenFetches { get; }

    /// <summary>Starts the runtime serving <paramref name="projects"/>, or the configured projects when null.</summary>
    /// <param name="settings">The configuration, flags applied.</param>
    /// <param name="commandDefaults">HOCON defaults of the command, under everything the user configured.</param>
    /// <param name="projects">The projects to serve; null for <c>Sinch:Projects</c> (validated).</param>
    /// <param name="setups">Added to the actor system's setup (cluster mode, TLS); none when null.</param>
    /// <exception cref="CliUsageException">The configuration is invalid; the message names every key at fault.</exception>
    public static async Task<CliRuntime> StartAsync(CliSettings settings, Config? commandDefaults = null, IEnumerable<SinchCredentials>? projects = null,
        IReadOnlyList<Setup>? setups = null)
    {
        var config = settings.ActorSystemConfig(commandDefaults);
        var configured = settings.ValidatedProjects(config);
        projects ??= configured;

        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        var system = ActorSystem.Create(SystemName, ActorSystemSetup.Create([bootstrap, .. setups ?? []]));
        var tokenHttp = new HttpMessageInvoker(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        try
        {
            var auth = TokenManagerSettings.FromConfig(config.GetConfig("sinch-actors.auth"));
            var tokenFetches = new CountingTokenClient(new TokenClient(tokenHttp, auth.FetchTimeout));
            // The configured knobs are already in the actor system's configuration; these options add the code-only parts.
            var options = new SinchActorsOptions { TokenClient = tokenFetches, RequestPoolName = settings.Options.RequestPoolName };
            foreach (var project in projects)
                options.AddProject(project);
            return new CliRuntime(system, tokenHttp, await SinchRuntime.CreateAsync(system, options), tokenFetches);
        }
        catch
        {
            await system.Terminate();
            tokenHttp.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _system.Terminate();
        _tokenHttp.Dispose();
    }
}
