using System.Text.Json;
using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Tests;

/// <summary>
/// <c>demo --nodes 3</c> for real: three <c>cluster-node</c> child processes (<c>dotnet exec sinch-actors.dll</c>) on
/// 127.0.0.1, the coordinator in the test host, the emulator over HTTP.
/// </summary>
public sealed class ClusterDemoSpecs
{
    [Fact]
    public async Task Three_nodes_lose_the_one_hosting_most_managers_half_way_and_nothing_is_lost_failed_or_fetched_beyond_one_token_per_moved_manager()
    {
        // 4-second tokens: the survivors' tokens of the moved keys expire after the kill, so the moved managers must serve under load.
        var result = await CliRun.RunAsync("demo", "--nodes", "3", "--projects", "8", "--duration", "10s", "--concurrency", "32",
            "--faults", "none", "--token-ttl", "4", "--json");

        var summary = EveryCallSucceeded(result);
        var requests = summary.GetProperty("requests");

        var cluster = summary.GetProperty("cluster");
        var nodes = cluster.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(3, nodes.Count);
        var killed = Assert.Single(nodes, node => node.GetProperty("killed").GetBoolean());
        Assert.Equal(killed.GetProperty("name").GetString(), cluster.GetProperty("killed").GetString());
        // The victim hosted the most managers when it was chosen.
        Assert.Equal(nodes.Max(node => node.GetProperty("managers").GetInt32()), killed.GetProperty("managers").GetInt32());
        var moved = cluster.GetProperty("managersMoved").GetInt32();
        Assert.InRange(moved, 1, 4);
        Assert.Equal(moved, cluster.GetProperty("movedKeys").GetArrayLength());
        Assert.Equal(0, cluster.GetProperty("failedOnSurvivors").GetInt64());
        // Every call is accounted for by a node, and the survivors took calls after the kill.
        Assert.Equal(requests.GetProperty("completed").GetInt64(), nodes.Sum(node => node.GetProperty("calls").GetInt64()));
        Assert.All(nodes.Where(node => node.GetProperty("killed").GetBoolean() is false),
            node => Assert.InRange(node.GetProperty("calls").GetInt64(), killed.GetProperty("calls").GetInt64() + 1, long.MaxValue));

        // The bound, recomputed: per key the first token and one per refresh (at 75% of the lifetime less the server's
        // whole second at the earliest),
        // plus one per moved manager; no faults, so no 401 and no failed token request adds to it.
        var keys = summary.GetProperty("keys").GetInt32();
        var perKey = 1 + (long)Math.Floor(summary.GetProperty("elapsedSeconds").GetDouble() / (0.75 * (summary.GetProperty("tokenTtlSeconds").GetDouble() - 1)));
        var tokenRequests = cluster.GetProperty("tokenRequests").GetInt64();
        Assert.InRange(tokenRequests, keys, keys * perKey + moved);
        Assert.Equal(tokenRequests, summary.GetProperty("tokenFetches").GetProperty("total").GetInt64());
    }

    /// <summary>The run's summary, once it is shown that the run succeeded and every call it submitted succeeded.</summary>
    internal static JsonElement EveryCallSucceeded(CliResult result)
    {
        Assert.True(result.ExitCode == ExitCodes.Success, $"exit code {result.ExitCode}: {result.Error}");
        var summary = result.Json;
        var requests = summary.GetProperty("requests");
        Assert.Equal(0, requests.GetProperty("lost").GetInt64());
        Assert.Equal(0, requests.GetProperty("failed").GetInt64());
        Assert.Equal(requests.GetProperty("submitted").GetInt64(), requests.GetProperty("succeeded").GetInt64());
        return summary;
    }

    [Fact]
    public async Task A_node_that_cannot_start_fails_the_demo_with_exit_code_1_and_says_which_and_why()
    {
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: the node's remoting cannot bind.
        var hocon = Path.Combine(Directory.CreateTempSubdirectory("sinch-actors-cluster-").FullName, "bad-node.conf");
        await File.WriteAllTextAsync(hocon, "akka.remote.dot-netty.tcp.hostname = 192.0.2.1");

        var result = await CliRun.RunAsync("demo", "--nodes", "3", "--requests", "100", "--faults", "none", "--hocon", hocon, "--json");

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("sinch-actors: demo --nodes 3: node-1 ended", result.Error);
        Assert.Equal("", result.Output);
    }
}
