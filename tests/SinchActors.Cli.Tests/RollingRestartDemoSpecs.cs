using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Tests;

/// <summary>
/// <c>demo --nodes 3 --tls --rolling-restart</c> for real: three <c>cluster-node</c> child processes talking TLS, each
/// leaving gracefully and replaced by a new process, one at a time, while the coordinator in the test host runs the load.
/// </summary>
public sealed class RollingRestartDemoSpecs
{
    [Fact]
    public async Task Three_nodes_over_TLS_restarted_one_at_a_time_under_load_lose_and_fail_nothing_and_fetch_at_most_one_token_per_moved_manager()
    {
        // A short plan: the load runs on until the last node is back, so the restarts are under load whatever the machine's
        // speed. Should a restart never end, Ctrl+C at the deadline gets the summary and the nodes' story on stderr.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await CliRun.RunAsync(new Dictionary<string, string>(), ["demo", "--nodes", "3", "--tls", "--rolling-restart", "--projects", "4",
            "--requests", "200", "--concurrency", "16", "--faults", "none", "--token-ttl", "4", "--json"], deadline.Token);

        var summary = ClusterDemoSpecs.EveryCallSucceeded(result);
        var requests = summary.GetProperty("requests");

        var cluster = summary.GetProperty("cluster");
        Assert.True(cluster.GetProperty("tls").GetBoolean());
        var nodes = cluster.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(3, nodes.Count);
        // The transport's own scheme: DotNetty names a TLS transport "ssl.tcp".
        Assert.All(nodes, node => Assert.StartsWith("akka.ssl.tcp://", node.GetProperty("address").GetString()));
        Assert.Equal(requests.GetProperty("completed").GetInt64(), nodes.Sum(node => node.GetProperty("calls").GetInt64()));
        Assert.All(nodes, node => Assert.False(node.GetProperty("killed").GetBoolean()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cluster.GetProperty("killed").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cluster.GetProperty("restartFailure").ValueKind);

        // Each node, in order, one at a time: stopped, then back, before the next stops; all while the load ran.
        var restarts = cluster.GetProperty("restarts").EnumerateArray()
            .Select(r => (Node: r.GetProperty("node").GetString(), Stopped: r.GetProperty("stoppedAtSeconds").GetDouble(),
                Rejoined: r.GetProperty("rejoinedAtSeconds").GetDouble()))
            .ToList();
        Assert.Equal(["node-1", "node-2", "node-3"], restarts.Select(r => r.Node));
        Assert.All(restarts, r => Assert.InRange(r.Stopped, 0, r.Rejoined));
        for (var i = 1; i < restarts.Count; i++)
            Assert.InRange(restarts[i].Stopped, restarts[i - 1].Rejoined, double.MaxValue);
        // The coordinator's clock starts a moment before the load engine's: half a second of slack.
        Assert.InRange(restarts[^1].Rejoined, 0, summary.GetProperty("elapsedSeconds").GetDouble() + 0.5);

        // Every node left once, so every key's manager moved at least once; each move may cost one token more.
        var keys = summary.GetProperty("tokenFetches").GetProperty("byKey").EnumerateArray().Select(k => k.GetProperty("keyId").GetString()).ToList();
        var movedKeys = cluster.GetProperty("movedKeys").EnumerateArray().Select(k => k.GetString()).ToList();
        var moved = cluster.GetProperty("managersMoved").GetInt32();
        Assert.Equal(moved, movedKeys.Count);
        Assert.Equal(keys.Order(), movedKeys.Distinct().Order());
        // The bound, recomputed: per key the first token and one per refresh (at 75% of the lifetime less the server's
        // whole second at the earliest) over the run and the second after it, when the requests were counted; no faults.
        var perKey = 1 + (long)Math.Floor((summary.GetProperty("elapsedSeconds").GetDouble() + 1) /
                                          (0.75 * (summary.GetProperty("tokenTtlSeconds").GetDouble() - 1)));
        var tokenRequests = cluster.GetProperty("tokenRequests").GetInt64();
        var allowed = cluster.GetProperty("tokenRequestsAllowed").GetInt64();
        Assert.InRange(tokenRequests, keys.Count, allowed);
        Assert.InRange(allowed, keys.Count + moved, keys.Count * perKey + moved);
        Assert.Equal(tokenRequests, summary.GetProperty("tokenFetches").GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("--tls")]
    [InlineData("--rolling-restart")]
    public async Task A_cluster_option_without_nodes_is_a_usage_error_that_names_it(string option)
    {
        var result = await CliRun.RunAsync("demo", option, "--requests", "1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{option} needs a cluster: add --nodes 3", result.Error);
    }
}
