using Akka.Actor;
using Akka.TestKit;
using SinchActors.Auth;
using SinchActors.Emulator;
using Xunit.Abstractions;

namespace SinchActors.Tests.Auth;

/// <summary>
/// A virtual-time TestKit with its own emulator on 127.0.0.1 and a real <see cref="TokenClient"/>, plus every log
/// event captured so secrets can be searched for.
/// </summary>
public abstract class EmulatorTestKit(ITestOutputHelper output) : VirtualTimeTestKit(output), IAsyncLifetime
{
    protected const string ProjectId = "project-e";
    protected const string KeyId = "key-e";
    protected const string Secret = "emulator-secret-e";

    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler());

    protected SinchEmulator Emulator { get; private set; } = null!;

    /// <summary>Whether the emulator issues and expires tokens on the test's virtual clock too.</summary>
    protected virtual bool EmulatorOnVirtualTime => false;

    private protected CountingTokenClient Client { get; private set; } = null!;

    protected SinchCredentials Credentials => new(ProjectId, KeyId, Secret, Emulator.TokenUrl);

    public async Task InitializeAsync()
    {
        Emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TimeProvider = EmulatorOnVirtualTime ? Clock : TimeProvider.System });
        Emulator.SeedKey(ProjectId, KeyId, Secret);
        Client = new CountingTokenClient(new TokenClient(_http, TimeSpan.FromSeconds(10)));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>Token requests the emulator received for the key: issued, refused (incl. injected faults) or throttled.</summary>
    protected long TokenRequests(string keyId = KeyId)
    {
        var counts = Emulator.Stats.Tokens(keyId);
        return counts.Issued + counts.Rejected + counts.RateLimited;
    }

    private protected IActorRef StartManager(double random = 0.5, SinchCredentials? credentials = null, TokenManagerSettings? settings = null)
    {
        settings ??= TokenManagerSettings.Default;
        var fetcher = new TokenFetcher(Client, maxConcurrentFetches: 8, settings.FetchTimeout, clock: Clock);
        return Sys.ActorOf(TokenManager.Props(credentials ?? Credentials, settings, fetcher, Clock, Refreshes, new FixedRandom(random)));
    }

    private protected TokenManager.CredentialGranted Get(IActorRef manager)
    {
        manager.Tell(new TokenManager.GetCredential(42, Patience));
        return ExpectMsg<TokenManager.CredentialGranted>(Patience);
    }
}

/// <summary>Counts fetches the moment the manager starts them, which the emulator only sees once they arrive.</summary>
internal sealed class CountingTokenClient(ITokenClient inner) : ITokenClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return inner.FetchAsync(credentials, cancellationToken);
    }
}
