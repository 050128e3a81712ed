using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Cli.Configuration;
using SinchActors.Cli.Load;
using SinchActors.Cluster;
using SinchActors.Cluster.Hosting;
using SinchActors.Requests;

namespace SinchActors.Cli.Cluster;

/// <summary>
/// One node of <c>demo --nodes N</c>, started by the coordinator as a child
/// process. It reads <see cref="NodeCommand"/>s from stdin (see there), runs a SinchActors runtime in cluster mode on
/// 127.0.0.1 (an ephemeral port), joins the seed, serves the calls it is given and answers each with a
/// <see cref="NodeEvent"/> on stdout. It stops when stdin closes, so it never outlives its coordinator; on <c>leave</c>
/// it leaves the cluster gracefully first (<see cref="CoordinatedShutdown"/>: the runtime's drain, the hand-off of its
/// shards, the leave), as a node of a rolling restart does. With <see cref="NodeStart.Tls"/> its remoting runs TLS.
/// </summary>
internal static class ClusterNode
{
    public const string CommandName = "cluster-node";

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    // Fast failure detection and a short stable-after, so a killed node is downed within seconds (see
    // NodeStart.PatientFailureDetector for the rolling restart); keep-majority keeps the two survivors of three. The
    // user's HOCON (--hocon) still wins over these.
    private static readonly Config NodeDefaults = ConfigurationFactory.ParseString("""
        akka {
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
          cluster {
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver { active-strategy = keep-majority, stable-after = 1s }
            failure-detector { heartbeat-interval = 250ms, acceptable-heartbeat-pause = 1500ms }
            # Gossip and leader actions five times a second (default once): a joining or leaving node of a rolling
            # restart is Up or Removed within a few rounds, on three nodes on one machine.
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            sharding { retry-interval = 500ms, coordinator-failure-backoff = 1s }
            singleton.hand-over-retry-interval = 500ms
          }
          # The demo ends all nodes at once: leaving gracefully would only wait for a convergence nobody needs (and,
          # until the killed node is downed, cannot reach). The runtime still drains its own calls when disposed; a
          # node told to leave runs the coordinated shutdown itself.
          coordinated-shutdown.run-by-actor-system-terminate = off
        }
        """);

    private static readonly Config PatientFailureDetector =
        ConfigurationFactory.ParseString("akka.cluster.failure-detector.acceptable-heartbeat-pause = 5s");

    public static async Task<int> RunAsync(CliSettings settings, TextReader input, TextWriter output)
    {
        var start = (await input.ReadLineAsync() is { } first ? Parse(first) : null)?.Start
                    ?? throw new CliUsageException($"{CommandName} expects a start command on stdin (it is started by 'demo --nodes N')");
        settings.Options.Projects.Clear();
        foreach (var family in Enum.GetValues<SinchApiFamily>())
            settings.Options.Requests.BaseUrls[family.ToString()] = start.ApiUrl;
        var projects = start.Projects.Select(p => new SinchCredentials(p.ProjectId, p.KeyId, p.KeySecret, new Uri(p.TokenUrl)));
        var cluster = SinchCluster.Setup(new SinchClusterOptions { ResubscribeInterval = TimeSpan.FromMilliseconds(500) });
        var defaults = start.PatientFailureDetector ? PatientFailureDetector.WithFallback(NodeDefaults) : NodeDefaults;
        Setup[] setups = [cluster];
        if (start.Tls is { } tls)
        {
            var (tlsConfig, tlsSetup) = DemoCertificate.ForNode(tls);
            defaults = tlsConfig.WithFallback(defaults);
            setups = [cluster, tlsSetup];
        }

        await using var runtime = await CliRuntime.StartAsync(settings, defaults, projects, setups);
        var member = Akka.Cluster.Cluster.Get(runtime.System);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        member.RegisterOnMemberUp(up.SetResult);
        await member.JoinAsync(start.Seed is { } seed ? Address.Parse(seed) : member.SelfAddress);
        await up.Task;

        var events = Channel.CreateUnbounded<NodeEvent>(new UnboundedChannelOptions { SingleReader = true });
        var writer = WriteEventsAsync(events.Reader, output);
        events.Writer.TryWrite(new NodeEvent("ready")
        {
            Address = member.SelfAddress.ToString(),
            Tls = runtime.System.Settings.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"),
        });

        var calls = new ConcurrentDictionary<long, CancellationTokenSource>();
        var leave = false;
        while (!leave && await input.ReadLineAsync() is { } line)
        {
            var command = Parse(line);
            switch (command?.Type)
            {
                case "call" when command.Call is { } call:
                    var cancel = new CancellationTokenSource();
                    calls[command.Id] = cancel;
                    _ = CallAsync(runtime.Client, command.Id, call.ToRequest(), cancel.Token, events.Writer)
                        .ContinueWith(_ => calls.TryRemove(command.Id, out var _), TaskScheduler.Default);
                    break;
                case "cancel" when calls.TryGetValue(command.Id, out var cancelled):
                    await cancelled.CancelAsync();
                    break;
                case "managers":
                    _ = ManagersAsync(runtime.System, command.Id, events.Writer);
                    break;
                case "leave":
                    leave = true;
                    break;
            }
        }

        // stdin closed (the coordinator is done, or gone) or leave: calls still running are cancelled; the runtime
        // drains and stops, on leave in its coordinated-shutdown phase, before the shards are handed off.
        foreach (var call in calls.Values)
            await call.CancelAsync();
        if (leave)
            await CoordinatedShutdown.Get(runtime.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        events.Writer.TryComplete();
        await writer;
        return ExitCodes.Success;
    }

    private static NodeCommand? Parse(string line) => JsonSerializer.Deserialize(line, NodeProtocolJsonContext.Default.NodeCommand);

    private static async Task CallAsync(ISinchClient client, long id, SinchRequest request, CancellationToken cancel, ChannelWriter<NodeEvent> events)
    {
        NodeEvent result;
        try
        {
            var response = await client.SendAsync(request, cancel);
            result = new NodeEvent("result", id) { Response = new NodeResponse((int)response.StatusCode, response.Body, response.Attempts) };
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            result = new NodeEvent("result", id) { Cancelled = true };
        }
        catch (Exception e)
        {
            result = new NodeEvent("result", id) { Failure = NodeFailure.From(e) };
        }
        events.TryWrite(result);
    }

    /// <summary>The access keys whose token managers (sharded entities <c>keyId@tokenUrl</c>) this node hosts now.</summary>
    private static async Task ManagersAsync(ActorSystem system, long id, ChannelWriter<NodeEvent> events)
    {
        IReadOnlyList<string>? keys = null;
        try
        {
            var region = ClusterSharding.Get(system).ShardRegion(system.Settings.Config.GetString("sinch-actors.cluster.type-name"));
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, QueryTimeout);
            keys = state.Shards.SelectMany(shard => shard.EntityIds).Select(entity => entity[..entity.IndexOf('@', StringComparison.Ordinal)])
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or InvalidOperationException or ArgumentException)
        {
            // No answer in time, or no region (yet): the coordinator sees no list and says so.
        }
        events.TryWrite(new NodeEvent("managers", id) { Managers = keys });
    }

    /// <summary>The only writer of stdout: one JSON line per event, flushed when no more are waiting.</summary>
    private static async Task WriteEventsAsync(ChannelReader<NodeEvent> events, TextWriter output)
    {
        while (await events.WaitToReadAsync())
        {
            while (events.TryRead(out var e))
                await output.WriteLineAsync(NodeProtocolJsonContext.Line(e));
            await output.FlushAsync();
        }
    }
}
