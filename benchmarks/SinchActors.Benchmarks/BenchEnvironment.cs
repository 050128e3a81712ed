using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Requests;
using SinchActors.Hosting;

namespace SinchActors.Benchmarks;

/// <summary>
/// One emulator, one actor system, and both contenders pointed at the same route: a raw <see cref="HttpClient"/>
/// holding a token fetched up front (the baseline), and a <see cref="SinchRuntime"/>.
/// </summary>
internal sealed class BenchEnvironment : IAsyncDisposable
{
    private const string ProjectId = "bench-project";
    private const string KeyId = "bench-key";
    private const string Secret = "bench-secret";

    private BenchEnvironment(SinchEmulator emulator, ActorSystem system, SinchRuntime runtime, HttpClient raw, Uri rawUri, SinchRequest request)
    {
        Handler = new HttpClient(new SinchActorsHandler(runtime, ProjectId));
        Emulator = emulator;
        System = system;
        Runtime = runtime;
        Raw = raw;
        RawUri = rawUri;
        Request = request;
    }

    public SinchEmulator Emulator { get; }
    public ActorSystem System { get; }
    public SinchRuntime Runtime { get; }
    public HttpClient Raw { get; }
    /// <summary>An HttpClient whose requests ride the runtime (P7): no token of its own.</summary>
    public HttpClient Handler { get; }
    public Uri RawUri { get; }
    public SinchRequest Request { get; }

    public static async Task<BenchEnvironment> StartAsync(int maxInFlight)
    {
        var emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TokenBucketCapacity = 1_000_000, TokenBucketRefillPerSecond = 1_000_000 });
        emulator.SeedKey(ProjectId, KeyId, Secret);
        var path = $"/v1/projects/{ProjectId}/accessKeys/{KeyId}";

        var raw = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await FetchTokenAsync(raw, emulator));

        var system = CreateSystem();
        var runtime = CreateRuntime(system, emulator, maxInFlight, new SinchCredentials(ProjectId, KeyId, Secret, emulator.TokenUrl));
        var request = new SinchRequest(HttpMethod.Get, ProjectId, SinchApiFamily.AccessKeys, path);
        return new BenchEnvironment(emulator, system, runtime, raw, new Uri(emulator.BaseUrl, path.TrimStart('/')), request);
    }

    public static ActorSystem CreateSystem() =>
        ActorSystem.Create("bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING"));

    public static SinchRuntime CreateRuntime(ActorSystem system, SinchEmulator emulator, int maxInFlight, params IEnumerable<SinchCredentials> projects)
    {
        var options = new SinchActorsOptions
        {
            Requests =
            {
                MaxInFlight = maxInFlight,
                MaxInFlightPerProject = maxInFlight,
                // SINCH_BENCH_ROUTING=round-robin measures the alternative to the default routing by project.
                Routing = Environment.GetEnvironmentVariable("SINCH_BENCH_ROUTING") == "round-robin" ? RequestRouting.RoundRobin : RequestRouting.ByProject,
                // SINCH_BENCH_DECOMPRESSION=on measures with compressed bodies asked for (off by default, as for the raw baseline).
                Http = { AutomaticDecompression = Environment.GetEnvironmentVariable("SINCH_BENCH_DECOMPRESSION") == "on" ? true : null },
            },
        };
        foreach (var family in Enum.GetValues<SinchApiFamily>())
            options.Requests.BaseUrls[family.ToString()] = emulator.BaseUrl.ToString();
        foreach (var project in projects)
            options.AddProject(project);
        return SinchRuntime.Create(system, options);
    }

    /// <summary>The baseline's token, fetched once before measuring, as a well-written raw client would.</summary>
    public static async Task<string> FetchTokenAsync(HttpClient http, SinchEmulator emulator, string keyId = KeyId, string secret = Secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, emulator.TokenUrl)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{keyId}:{secret}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>One baseline call: send, read the whole body (as the runtime does), fail on a non-2xx status.</summary>
    public Task RawCallAsync() => RawCallAsync(Raw, RawUri);

    /// <summary>The baseline's call through another raw client.</summary>
    public static async Task RawCallAsync(HttpClient raw, Uri uri)
    {
        using var response = await raw.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
        _ = await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The baseline's call through the HttpClient over <see cref="SinchActorsHandler"/>.</summary>
    public Task HandlerCallAsync() => RawCallAsync(Handler, RawUri);

    /// <summary>One SinchActors call of the same route.</summary>
    public Task SinchCallAsync() => Runtime.Client.SendAsync(Request);

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await System.Terminate();
        Raw.Dispose();
        Handler.Dispose();
        await Emulator.DisposeAsync();
    }
}
