using Akka.Actor;
using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Requests;

namespace SinchActors.Cli.Load;

/// <summary>
/// An actor system with a <see cref="SinchRuntime"/> on it, as the commands use it: quiet logging (stdout is for
/// results), API calls sent to <c>--api-url</c> when given, token fetches counted.
/// </summary>
internal sealed class RuntimeSession : IAsyncDisposable
{
    // Akka logs to stdout by default; the CLI's stdout carries results (and JSON), so the runtime stays silent.
    private static readonly Config QuietAkka = ConfigurationFactory.ParseString("""
        akka {
          loglevel = OFF
          stdout-loglevel = OFF
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          log-config-on-start = off
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """);

    private readonly ActorSystem _system;
    private readonly HttpMessageInvoker _tokenHttp;
    private readonly SinchRuntime _runtime;

    public RuntimeSession(IEnumerable<SinchCredentials> projects, Uri? apiUrl, TimeSpan? tokenLifetime)
    {
        _system = ActorSystem.Create("sinch-actors-cli", QuietAkka);
        var auth = TokenManagerSettings.Default;
        if (tokenLifetime is { } lifetime)
        {
            // The reference safety margin (30 s) assumes hour-long tokens; short demo tokens keep a tenth of theirs.
            auth = auth with { SafetyMargin = TimeSpan.FromTicks(Math.Min(auth.SafetyMargin.Ticks, lifetime.Ticks / 10)) };
        }

        _tokenHttp = new HttpMessageInvoker(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        AuthSettings = auth;
        TokenFetches = new CountingTokenClient(new TokenClient(_tokenHttp, auth.FetchTimeout));
        var options = new SinchRuntimeOptions
        {
            Auth = auth,
            TokenClient = TokenFetches,
            Requests = apiUrl is null
                ? SinchRequestSettings.Default
                : SinchRequestSettings.Default with { BaseUrls = Enum.GetValues<SinchApiFamily>().ToDictionary(f => f, _ => apiUrl) },
        };
        foreach (var project in projects)
            options.Projects.Add(project);
        _runtime = SinchRuntime.Create(_system, options);
    }

    public ISinchClient Client => _runtime.Client;

    public CountingTokenClient TokenFetches { get; }

    public TokenManagerSettings AuthSettings { get; }

    public async ValueTask DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _system.Terminate();
        _tokenHttp.Dispose();
    }
}
