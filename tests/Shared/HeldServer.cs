using Microsoft.Extensions.Logging;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Requests;

namespace SinchActors.Testing;

/// <summary>
/// An emulator of the shutdown specs' own whose Access Keys answers wait on a <see cref="HeldLatencyClock"/>: a
/// project's calls are held on the server until the spec releases that project's latency, so a spec knows every call
/// is on the wire and decides which are answered during the drain. Shared by the test assemblies as a linked file.
/// </summary>
internal sealed class HeldServer : IAsyncDisposable
{
    /// <summary>The latency of calls a spec lets go during the drain.</summary>
    public static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(100);

    /// <summary>The latency of calls a spec never lets go: only the shutdown answers them.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    /// <summary>How long a spec waits for its own set-up steps (tokens fetched, calls reaching the server).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>How much earlier than its due time, by a Stopwatch, a .NET timer may fire (it counts whole milliseconds).</summary>
    public static readonly TimeSpan TimerGranularity = TimeSpan.FromMilliseconds(16);

    private int _sequence;

    private HeldServer(HeldLatencyClock clock, SinchEmulator emulator)
    {
        Clock = clock;
        Emulator = emulator;
    }

    public HeldLatencyClock Clock { get; }

    public SinchEmulator Emulator { get; }

    public static async Task<HeldServer> StartAsync()
    {
        var clock = new HeldLatencyClock();
        return new HeldServer(clock, await SinchEmulator.StartAsync(new EmulatorOptions { TimeProvider = clock }));
    }

    /// <summary>Seeds a project whose Access Keys calls are held for <paramref name="latency"/> (<see cref="Fast"/> or <see cref="Slow"/>).</summary>
    public SinchCredentials NewProject(string prefix, TimeSpan latency)
    {
        var projectId = $"{prefix}-{Interlocked.Increment(ref _sequence)}";
        var key = Emulator.SeedKey(projectId, $"key-{projectId}", $"secret-{Guid.NewGuid():N}");
        Emulator.Faults.Add(new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.AccessKeys, ProjectId = projectId, LatencyMs = (int)latency.TotalMilliseconds });
        return new SinchCredentials(projectId, key.KeyId, key.Secret, Emulator.TokenUrl);
    }

    /// <summary>Options serving <paramref name="projects"/> on this emulator, the runtime's log events going to <paramref name="log"/>.</summary>
    public SinchActorsOptions Options(LogEventProbe log, params SinchCredentials[] projects)
    {
        var options = new SinchActorsOptions { LoggerFactory = new LoggerFactory([log]) };
        foreach (var project in projects)
            options.AddProject(project);
        options.Requests.BaseUrls[nameof(SinchApiFamily.AccessKeys)] = Emulator.BaseUrl.ToString();
        // Held calls must outlast the set-up and the drain without their attempt timing out first.
        options.Requests.AttemptTimeout = TimeSpan.FromSeconds(20);
        return options;
    }

    /// <summary>A probe of the runtime's own log events.</summary>
    public static LogEventProbe RuntimeLog() => new(SinchActorsLogEvents.Category);

    /// <summary>Lists <paramref name="project"/>'s access keys.</summary>
    public static SinchRequest Get(SinchCredentials project) =>
        new(HttpMethod.Get, project.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{project.ProjectId}/accessKeys");

    /// <summary>Lets the calls still held go (the emulator's stop would wait for them), then stops the emulator.</summary>
    public ValueTask DisposeAsync()
    {
        Clock.ReleaseAll();
        return Emulator.DisposeAsync();
    }
}
