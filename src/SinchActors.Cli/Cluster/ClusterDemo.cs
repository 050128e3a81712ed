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
/// the managers move under load, and no call dies with the process. Token requests are counted at the emulator.
/// </summary>
internal static class ClusterDemo
{
    private static readonly TimeSpan NodeStartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan VictimDrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The node chosen, when it was killed, and which managers it took down.</summary>
    private sealed record Kill(NodeProcess Victim, double AtSeconds, IReadOnlyDictionary<string, int?> ManagersByNode, IReadOnlyList<string> MovedKeys);

    /// <param name="console">The console.</param>
    /// <param name="demo">The demo's plan, faults and token lifetime.</param>
    /// <param name="nodeCount">Nodes to start (at least 3, so that the survivors of a kill keep the majority).</param>
    /// <param name="nodeArguments">Options every node gets (<c>--config</c>, <c>--hocon</c>).</param>
    /// <param name="auth">The token managers' settings (refresh point, for the token-request bound).</param>
    /// <param name="emulator">The running emulator, seeded with <paramref name="topology"/>.</param>
    /// <param name="topology">The demo's projects.</param>
    /// <param name="report">The demo's report, to which the cluster section is added.</param>
    /// <param name="json">Print JSON.</param>
    public static async Task<int> RunAsync(CliConsole console, DemoSettings demo, int nodeCount, IReadOnlyList<string> nodeArguments,
        TokenManagerSettings auth, SinchEmulator emulator, IReadOnlyList<DemoProject> topology, LoadReport report, bool json)
    {
        var nodes = new List<NodeProcess>();
        try
        {
            await StartNodesAsync(console, nodeCount, nodeArguments, emulator, topology, nodes);
            var plan = demo.Plan;
            var dispatcher = new NodeDispatcher(nodes);
            using var beforeHalfWay = CancellationTokenSource.CreateLinkedTokenSource(console.Interrupt);
            var started = Stopwatch.GetTimestamp();
            var halfWay = plan.Duration is { } duration
                ? Task.Delay(duration / 2, beforeHalfWay.Token)
                : dispatcher.DispatchedAsync(Math.Max(1, plan.Requests / 2)).WaitAsync(beforeHalfWay.Token);
            var kill = KillHalfWayAsync(console, nodes, halfWay, started);
            using var tokens = new EmulatorTokenLog(emulator, topology.Select(p => p.KeyId));
            var keys = topology.Select(p => p.KeyId).Distinct().Count();
            var clusterReport = report with
            {
                Cluster = elapsed => Summarize(nodes, kill.IsCompletedSuccessfully ? kill.Result : null, tokens, emulator, auth, demo.TokenLifetime,
                    elapsed, keys),
            };
            var projects = topology.Select(p => new LoadProject(p.ProjectId, p.ResidentKeyId)).ToList();
            return await LoadRun.ExecuteAsync(console, plan, new LoadCalls(dispatcher, maxCreatedKeysPerProject: 200), projects, tokens, clusterReport,
                json, afterLoad: async () =>
                {
                    // A kill under way completes; one not yet begun (a run shorter than expected, Ctrl+C) is called off.
                    await beforeHalfWay.CancelAsync();
                    await kill;
                });
        }
        catch (NodeStartException e)
        {
            await console.Error.WriteLineAsync($"sinch-actors: demo --nodes {nodeCount}: {e.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            // Never leave a node running: each is asked to stop (stdin closed) and killed if it has not ended in time.
            await Task.WhenAll(nodes.Select(node => node.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Starts node-1 (it forms the cluster), then the others joining it; each must be up within the start timeout.</summary>
    private static async Task StartNodesAsync(CliConsole console, int count, IReadOnlyList<string> arguments, SinchEmulator emulator,
        IReadOnlyList<DemoProject> topology, List<NodeProcess> nodes)
    {
        var start = new NodeStart(null, emulator.BaseUrl.ToString(),
            topology.Select(p => new NodeProject(p.ProjectId, p.KeyId, p.KeySecret, emulator.TokenUrl.ToString())).ToList());
        nodes.Add(NodeProcess.Start("node-1", arguments, console));
        await nodes[0].StartAsync(start, NodeStartTimeout, console.Interrupt);
        for (var i = 2; i <= count; i++)
            nodes.Add(NodeProcess.Start($"node-{i}", arguments, console));
        var joining = start with { Seed = nodes[0].Address };
        await Task.WhenAll(nodes.Skip(1).Select(node => node.StartAsync(joining, NodeStartTimeout, console.Interrupt)));
        await console.Error.WriteLineAsync($"cluster: {count} nodes up on 127.0.0.1 ({string.Join(", ", nodes.Select(n => $"{n.Name} {n.Address}"))})");
    }

    /// <returns>The kill, or null when called off before half-way.</returns>
    private static async Task<Kill?> KillHalfWayAsync(CliConsole console, IReadOnlyList<NodeProcess> nodes, Task halfWay, long started)
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
        return new Kill(victim, Math.Round(at, 2), managersByNode, moved);
    }

    private static ClusterSummary Summarize(IReadOnlyList<NodeProcess> nodes, Kill? kill, EmulatorTokenLog tokens, SinchEmulator emulator,
        TokenManagerSettings auth, TimeSpan tokenLifetime, TimeSpan elapsed, int keys)
    {
        // Per key: the first token, then a refresh at the earliest point each token's lifetime allows.
        var perKey = 1 + (long)Math.Floor(elapsed / (tokenLifetime * (auth.RefreshFraction - auth.RefreshJitter)));
        var spurious401s = emulator.Stats.Unauthorized(UnauthorizedReason.Spurious);
        var failed = tokens.Total - tokens.Issued;
        var moved = kill?.MovedKeys.Count ?? 0;
        var allowed = keys * perKey + spurious401s + failed + moved;
        var bound = $"{keys} keys x {perKey} tokens in {elapsed.TotalSeconds:F0} s + {spurious401s} spurious 401s + {failed} failed token requests + {moved} moved managers";
        return new ClusterSummary(
            nodes.Select(n => new ClusterNodeSummary(n.Name, n.Address ?? "", n.Calls, n.Failed, n.Killed,
                kill?.ManagersByNode.GetValueOrDefault(n.Name))).ToList(),
            kill?.Victim.Name, kill?.AtSeconds, moved, kill?.MovedKeys ?? [], nodes.Where(n => !n.Killed).Sum(n => n.Failed), tokens.Total, allowed, bound);
    }
}
