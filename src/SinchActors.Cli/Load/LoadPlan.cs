namespace SinchActors.Cli.Load;

/// <summary>What a load run does: how many callers, until when, which calls, how fast.</summary>
/// <param name="Concurrency">Callers, each with one call in flight (a closed loop).</param>
/// <param name="Requests">Calls in total; ignored when <paramref name="Duration"/> is set.</param>
/// <param name="Duration">Run for this long instead of a number of calls.</param>
/// <param name="Mix">Which calls, how often.</param>
/// <param name="Seed">Seeds the callers' choices of project and call.</param>
/// <param name="RatePerSecond">Caps how many calls start per second; null for no cap.</param>
/// <param name="DrainTimeout">After Ctrl+C, how long in-flight calls may take before they are cancelled.</param>
internal sealed record LoadPlan(int Concurrency, long Requests, TimeSpan? Duration, LoadMix Mix, int Seed, double? RatePerSecond,
    TimeSpan DrainTimeout);

/// <summary>What a demo runs.</summary>
/// <param name="Projects">Projects to register.</param>
/// <param name="Faults">The emulator's fault profile.</param>
/// <param name="TokenLifetime">The emulator's token lifetime.</param>
/// <param name="Plan">The load.</param>
/// <param name="Nodes">1, or the cluster nodes of <c>--nodes</c>.</param>
/// <param name="NodeArguments">The configuration options each node gets (<c>--config</c>, <c>--hocon</c>).</param>
internal sealed record DemoSettings(int Projects, Configuration.FaultProfile Faults, TimeSpan TokenLifetime, LoadPlan Plan, int Nodes,
    IReadOnlyList<string> NodeArguments)
{
    /// <summary><c>--tls</c>: the nodes talk TLS, with a certificate made for the run.</summary>
    public bool Tls { get; init; }

    /// <summary><c>--rolling-restart</c>: every node is restarted gracefully, one at a time, instead of one killed.</summary>
    public bool RollingRestart { get; init; }
}
