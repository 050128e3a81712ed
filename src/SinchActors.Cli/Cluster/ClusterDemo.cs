using System.Diagnostics;
using SinchActors.Auth;
using SinchActors.Cli.Configuration;
using SinchActors.Cli.Load;
using SinchActors.Cli.Output;
using SinchActors.Emulator;
using SinchActors.Emulator.Stats;

namespace SinchActors.Cli.Cluster;

/// <summary>
/// <c>demo --nodes N</c>: the demo's load spread over N cluster nodes, each a child process (<see cref="ClusterNode"/>)
/// on 127.0.0.1, against the emulator this process runs. This process is the coordinator: it keeps the load engine,
/// sends every call to a node (<see cref="NodeDispatcher"/>) and counts its result, so every call it submitted is
/// accounted for. Half-way it asks each node which token managers it hosts, stops giving new calls to the node hosting
/// the most, waits for that node's calls in flight to finish, and hard-kills it while the others keep running the load:
/// the managers move under load, and no call dies with the process. With <c>--rolling-restart</c> it restarts every
/// node gracefully instead (<see cref="RollingRestart"/>); with <c>--tls</c> the nodes talk TLS
/// (<see cref="DemoCertificate"/>). Token requests are counted at the emulator.
/// </summary>
internal static class ClusterDemo
{
    private static readonly TimeSpan NodeStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan VictimDrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Where the rolling restart begins: a tenth into the run, once every node has served.</summary>
    private const int RollingRestartStartsAt = 10;

    /// <param name="console">The console.</param>
    /// <param name="demo">The demo's plan, faults, token lifetime, nodes and their options.</param>
    /// <param name="auth">The token managers' settings (refresh point, for the token-request bound).</param>
    /// <param name="emulator">The running emulator, seeded with <paramref name="topology"/>.</param>
    /// <param name="topology">The demo's projects.</param>
    /// <param name="report">The demo's report, to which the cluster section is added.</param>
    /// <param name="json">Print JSON.</param>
    public static async Task<int> RunAsync(CliConsole console, DemoSettings demo, TokenManagerSettings auth, SinchEmulator emulator,
        IReadOnlyList<DemoProject> topology, LoadReport report, bool json)
    {
        using var certificate = demo.Tls ? DemoCertificate.Create() : null;
        var start = new NodeStart(null, emulator.BaseUrl.ToString(),
            topology.Select(p => new NodeProject(p.ProjectId, p.KeyId, p.KeySecret, emulator.TokenUrl.ToString())).ToList())
        {
            Tls = certificate?.ForNodes,
            PatientFailureDetector = demo.RollingRestart,
        };
        // Never leave a node running: each is asked to stop (stdin closed) and killed if it has not ended in time.
        await using var nodes = new NodeSet(demo.Nodes, demo.NodeArguments, console, start);
        try
        {
            await nodes.StartAsync(NodeStartTimeout, console.Interrupt);
            await console.Error.WriteLineAsync($"cluster: {demo.Nodes} nodes up on 127.0.0.1{(nodes.Current.All(n => n.Tls) ? " over TLS" : "")} " +
                                               $"({string.Join(", ", nodes.Current.Select(n => $"{n.Name} {n.Address}"))})");
            var plan = demo.Plan;
            var dispatcher = new NodeDispatcher(nodes.Current);
            using var loadEnded = CancellationTokenSource.CreateLinkedTokenSource(console.Interrupt);
            var started = Stopwatch.GetTimestamp();
            var divisor = demo.RollingRestart ? RollingRestartStartsAt : 2;
            var due = plan.Duration is { } duration
                ? Task.Delay(duration / divisor, loadEnded.Token)
                : dispatcher.DispatchedAsync(Math.Max(1, plan.Requests / divisor));
            var rolling = demo.RollingRestart ? new RollingRestart() : null;
            var disruption = rolling?.RunAsync(console, nodes, due, started, loadEnded.Token)
                             ?? KillHalfWayAsync(console, nodes.Current, due.WaitAsync(loadEnded.Token), started);
            using var tokens = new EmulatorTokenLog(emulator, topology.Select(p => p.KeyId));
            var keys = topology.Select(p => p.KeyId).Distinct().Count();
            var clusterReport = report with
            {
                // The token requests are counted a little after the load ended: the bound covers the time until then.
                Cluster = _ => Summarize(nodes, disruption.IsCompletedSuccessfully ? disruption.Result : null, tokens, emulator, auth,
                    demo.TokenLifetime, Stopwatch.GetElapsedTime(started, tokens.CountedAt), keys),
            };
            var projects = topology.Select(p => new LoadProject(p.ProjectId, p.ResidentKeyId)).ToList();
            return await LoadRun.ExecuteAsync(console, plan, new LoadCalls(dispatcher, maxCreatedKeysPerProject: 200), projects, tokens, clusterReport,
                json, afterLoad: async () =>
                {
                    // A kill or restart under way completes; none begins after the load (a run shorter than expected, Ctrl+C).
                    await loadEnded.CancelAsync();
                    await disruption;
                    tokens.Freeze();
                }, holdOpen: rolling?.Done);
        }
        catch (NodeStartException e)
        {
            await console.Error.WriteLineAsync($"sinch-actors: demo --nodes {demo.Nodes}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <returns>The kill, or null when called off before half-way.</returns>
    private static async Task<Disruption?> KillHalfWayAsync(CliConsole console, IReadOnlyList<NodeProcess> nodes, Task halfWay, long started)
    {
        try
        {
            await halfWay;
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        var hosted = await Task.WhenAll(nodes.Select(node => node.ManagersAsync()));
        var managersByNode = nodes.Select((node, i) => (node.Name, hosted[i]?.Count)).ToDictionary(n => n.Name, n => n.Count);
        var victim = nodes.Select((node, i) => (node, i)).MaxBy(n => hosted[n.i]?.Count ?? -1).node;
        victim.StopAccepting();
        try
        {
            await victim.DrainedAsync(VictimDrainTimeout);
        }
        catch (TimeoutException)
        {
            // Killed anyway: its calls still in flight fail as NodeLost, and the run fails with them.
        }
        var moved = await victim.ManagersAsync() ?? hosted[nodes.ToList().IndexOf(victim)] ?? [];
        victim.Kill();
        var at = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await console.Error.WriteLineAsync($"cluster: killed {victim.Name} at {at:F1} s, hosting {moved.Count} token managers ({string.Join(", ", moved)})");
        return new Disruption(managersByNode, moved) { Killed = victim, KilledAtSeconds = Math.Round(at, 2) };
    }

    private static ClusterSummary Summarize(NodeSet nodes, Disruption? disruption, EmulatorTokenLog tokens, SinchEmulator emulator,
        TokenManagerSettings auth, TimeSpan tokenLifetime, TimeSpan elapsed, int keys)
    {
        // Per key: the first token, then a refresh at the earliest point each token's lifetime allows (the runtime's own
        // schedule: the server's whole second off, then refresh-fraction - refresh-jitter of the rest).
        var earliestRefresh = TokenLifetime.Schedule(tokenLifetime, DateTimeOffset.UnixEpoch, auth, random: 0).RefreshAfter;
        var perKey = 1 + (long)Math.Floor(elapsed / earliestRefresh);
        var spurious401s = emulator.Stats.Unauthorized(UnauthorizedReason.Spurious);
        var failed = tokens.Total - tokens.Issued;
        var movedKeys = disruption?.MovedKeys ?? [];
        var allowed = keys * perKey + spurious401s + failed + movedKeys.Count;
        var bound = $"{keys} keys x {perKey} tokens in {elapsed.TotalSeconds:F0} s + {spurious401s} spurious 401s + {failed} failed token requests + {movedKeys.Count} moved managers";
        var all = nodes.All;
        return new ClusterSummary(
            nodes.Current.Select(n =>
            {
                var incarnations = all.Where(p => p.Name == n.Name).ToList();
                return new ClusterNodeSummary(n.Name, n.Address ?? "", incarnations.Sum(p => p.Calls), incarnations.Sum(p => p.Failed), n.Killed,
                    disruption?.ManagersByNode.GetValueOrDefault(n.Name));
            }).ToList(),
            all.Count > 0 && all.All(n => n.Tls), disruption?.Killed?.Name, disruption?.KilledAtSeconds, disruption?.Restarts ?? [], disruption?.Failure,
            movedKeys.Count, movedKeys, all.Where(n => !n.Killed).Sum(n => n.Failed), tokens.Total, allowed, bound);
    }
}

/// <summary>What the demo did to the cluster under load: one node killed half-way, or every node restarted.</summary>
/// <param name="ManagersByNode">Token managers each node hosted when the kill or the restarts began; null for a node that did not answer.</param>
/// <param name="MovedKeys">The key of every token manager that moved to another node.</param>
internal sealed record Disruption(IReadOnlyDictionary<string, int?> ManagersByNode, IReadOnlyList<string> MovedKeys)
{
    public NodeProcess? Killed { get; init; }

    public double? KilledAtSeconds { get; init; }

    public IReadOnlyList<NodeRestart> Restarts { get; init; } = [];

    /// <summary>Why the rolling restart did not complete; null when it did (or for a kill).</summary>
    public string? Failure { get; init; }
}
