using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SinchActors.Emulator.AccessKeys;
using SinchActors.Emulator.Auth;
using SinchActors.Emulator.Control;
using SinchActors.Emulator.Faults;
using SinchActors.Emulator.Http;
using SinchActors.Emulator.Numbers;
using SinchActors.Emulator.Projects;
using SinchActors.Emulator.Sms;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator;

/// <summary>
/// A local Sinch platform on 127.0.0.1: token endpoint, Access Keys API v1, SMS batches and Numbers' active numbers behind one base URL,
/// with fault injection and counters. Start one per test class; dispose it to stop.
/// </summary>
public sealed class SinchEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private readonly ActiveNumberEndpoints _numbers;

    private SinchEmulator(WebApplication app, EmulatorState state, ActiveNumberEndpoints numbers, Uri baseUrl)
    {
        _app = app;
        _state = state;
        _numbers = numbers;
        BaseUrl = baseUrl;
        TokenUrl = new Uri(baseUrl, "oauth2/token");
    }

    /// <summary>Root of every route, with a trailing slash, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The token endpoint: <see cref="BaseUrl"/> + <c>oauth2/token</c>.</summary>
    public Uri TokenUrl { get; }

    /// <summary>The options the emulator was started with.</summary>
    public EmulatorOptions Options => _state.Options;

    /// <summary>Counters of everything served; also at <c>GET /_emulator/stats</c>.</summary>
    public EmulatorStats Stats => _state.Stats;

    /// <summary>The active faults, changeable at any time; also at <c>/_emulator/faults</c>.</summary>
    public FaultInjector Faults => _state.Faults;

    /// <summary>Starts Kestrel on 127.0.0.1 (port from <see cref="EmulatorOptions.Port"/>, ephemeral by default).</summary>
    public static async Task<SinchEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken ct = default)
    {
        options ??= new EmulatorOptions();
        var state = new EmulatorState(options);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SinchEmulator).Assembly.GetName().Name,
            Args = [],
        });
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var app = builder.Build();
        var numbers = new ActiveNumberEndpoints(state.Time, state.Stats);
        MapRoutes(app, state, numbers);
        await app.StartAsync(ct).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SinchEmulator(app, state, numbers, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Adds a project (idempotent). A key of <paramref name="parentProjectId"/> also works for this project.</summary>
    public void SeedProject(string projectId, string? parentProjectId = null) => _state.Registry.AddProject(projectId, parentProjectId);

    /// <summary>Adds an access key to a project (creating the project if needed); it can obtain tokens at once. Ignores <see cref="EmulatorOptions.MaxKeysPerProject"/>.</summary>
    /// <exception cref="InvalidOperationException">The key ID already exists.</exception>
    public SeededKey SeedKey(string projectId, string keyId, string secret, string? displayName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var key = _state.Registry.AddKey(projectId, keyId, secret, displayName ?? keyId)!;
        return new SeededKey(key.ProjectId, key.KeyId, key.Secret, key.DisplayName);
    }

    /// <summary>Adds <paramref name="count"/> keys with random IDs and secrets, named <c>{prefix}-{n}</c> (n from 1), in creation order. Fast: no HTTP.</summary>
    public IReadOnlyList<SeededKey> SeedKeys(string projectId, int count, string displayNamePrefix = "key")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var keys = new SeededKey[count];
        for (var i = 0; i < count; i++)
        {
            var key = _state.Registry.AddKey(projectId, keyId: null, secret: null, $"{displayNamePrefix}-{i + 1}")!;
            keys[i] = new SeededKey(key.ProjectId, key.KeyId, key.Secret, key.DisplayName);
        }
        return keys;
    }

    /// <summary>
    /// Rents a number to a project (replacing it if already rented), for the Numbers API's active numbers. Fast: no HTTP.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="phoneNumber">The number, E.164 (for example <c>+12025550134</c>).</param>
    /// <param name="regionCode">Its country, ISO 3166-1 alpha-2.</param>
    /// <param name="type">Its type: <c>LOCAL</c>, <c>MOBILE</c> or <c>TOLL_FREE</c>.</param>
    /// <param name="capabilities">What it can do; <c>SMS</c> and <c>VOICE</c> when <c>null</c>.</param>
    public void SeedNumber(string projectId, string phoneNumber, string regionCode = "US", string type = "LOCAL", IReadOnlyList<string>? capabilities = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneNumber);
        ArgumentException.ThrowIfNullOrWhiteSpace(regionCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        _state.Registry.AddProject(projectId, null);
        _numbers.Seed(projectId, phoneNumber, regionCode, type, capabilities ?? ["SMS", "VOICE"]);
    }

    /// <summary>Number of keys a project holds now (0 for an unknown project).</summary>
    public int KeyCount(string projectId)
    {
        if (!_state.Registry.TryGetProject(projectId, out var project)) return 0;
        lock (project) return project.Keys.Count;
    }

    /// <summary>Stops the server; in-flight requests get the token's grace period.</summary>
    public Task StopAsync(CancellationToken ct = default) => _app.StopAsync(ct);

    /// <summary>Stops the server and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void MapRoutes(WebApplication app, EmulatorState state, ActiveNumberEndpoints numbers)
    {
        var token = new TokenEndpoint(state.Tokens, state.Stats);
        app.MapPost("/oauth2/token", (Func<HttpContext, Task<IResult>>)token.HandleAsync).AddEndpointFilter(new RequestFilter(RouteKind.Token, state));

        var accessKeys = new AccessKeyEndpoints(state.Registry, state.Stats, state.Options.MaxKeysPerProject);
        var keys = app.MapGroup("/v1/projects/{projectId}/accessKeys").AddEndpointFilter(new RequestFilter(RouteKind.AccessKeys, state));
        keys.MapGet("", accessKeys.List);
        keys.MapPost("", accessKeys.CreateAsync);
        keys.MapGet("/{accessKeyId}", accessKeys.Get);
        keys.MapPatch("/{accessKeyId}", accessKeys.UpdateAsync);
        keys.MapDelete("/{accessKeyId}", accessKeys.Delete);

        var sms = new SmsEndpoints(state.Time, state.Stats);
        var batches = app.MapGroup("/xms/v1/{projectId}/batches").AddEndpointFilter(new RequestFilter(RouteKind.Sms, state));
        batches.MapPost("", sms.CreateAsync);
        batches.MapGet("", sms.List);
        batches.MapPost("/dry_run", sms.DryRunAsync);
        batches.MapGet("/{batchId}", sms.Get);
        batches.MapDelete("/{batchId}", sms.Cancel);
        batches.MapGet("/{batchId}/delivery_report", sms.DeliveryReport);

        var active = app.MapGroup("/v1/projects/{projectId}/activeNumbers").AddEndpointFilter(new RequestFilter(RouteKind.Numbers, state));
        active.MapGet("", numbers.List);
        active.MapGet("/{phoneNumber}", numbers.Get);
        active.MapPatch("/{phoneNumber}", numbers.UpdateAsync);
        active.MapPost("/{phoneNumber}:release", numbers.Release);

        ControlEndpoints.Map(app, state.Faults, state.Stats);
    }
}
