using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Cluster;
using SinchActors.Cluster.Hosting;
using SinchActors.Emulator;
using SinchActors.Hosting;
using SinchActors.Requests;

namespace SinchActors.Benchmarks;

/// <summary>
/// Cluster nodes in this process for P8: each an actor system on 127.0.0.1 (ephemeral port, real Akka.Remote between
/// them) running a SinchActors runtime in cluster mode against one emulator. Every token request is recorded with the
/// node that made it (so where each key's manager ran is known), and on every node a probe subscribed to each key's
/// stand-in, as a request worker is, records when each token reached that node.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private static readonly Config NodeConfig = ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          actor.provider = cluster
          remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
          cluster {
            failure-detector { heartbeat-interval = 250ms, acceptable-heartbeat-pause = 5s }
            split-brain-resolver.stable-after = 2s
            sharding { retry-interval = 500ms, coordinator-failure-backoff = 1s }
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """).WithFallback(ClusterSharding.DefaultConfig()); // a node gets the others' DData gossip before its runtime starts sharding

    private readonly ConcurrentQueue<Fetch> _fetches = new();
    private readonly ConcurrentQueue<Arrival> _arrivals = new();

    /// <summary>A token request: the node whose manager made it, the key, the token it got and when the answer came (Stopwatch ticks).</summary>
    public sealed record Fetch(int Node, string KeyId, string? Token, long At);

    /// <summary>A token as it reached a node's subscribers.</summary>
    public sealed record Arrival(int Node, string Token, long At);

    public List<(ActorSystem System, SinchRuntime Runtime)> Nodes { get; } = [];

    public IReadOnlyCollection<Fetch> Fetches => _fetches;

    public IReadOnlyCollection<Arrival> Arrivals => _arrivals;

    public static async Task<BenchCluster> StartAsync(SinchEmulator emulator, int nodes, IReadOnlyList<SinchCredentials> projects, int maxInFlight)
    {
        var cluster = new BenchCluster();
        var setup = SinchCluster.Setup(new SinchClusterOptions { ResubscribeInterval = TimeSpan.FromMilliseconds(500) });
        Address? seed = null;
        for (var i = 0; i < nodes; i++)
        {
            var system = ActorSystem.Create("p8", BootstrapSetup.Create().WithConfig(NodeConfig).And(setup));
            var member = Akka.Cluster.Cluster.Get(system);
            var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            member.RegisterOnMemberUp(up.SetResult);
            seed ??= member.SelfAddress;
            await member.JoinAsync(seed);
            await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
            cluster.Nodes.Add((system, await cluster.StartRuntimeAsync(i, system, emulator, projects, maxInFlight)));
        }
        return cluster;
    }

    /// <summary>Subscribes a probe on every node to every project's stand-in (call after each node used each project once).</summary>
    public void Probe(IEnumerable<SinchCredentials> projects)
    {
        foreach (var project in projects)
            for (var i = 0; i < Nodes.Count; i++)
            {
                var node = i;
                Nodes[i].Runtime.Directory.TryGet(project.ProjectId, out var handle);
                var probe = Nodes[i].System.ActorOf(Props.Create(() => new ArrivalProbe(token => _arrivals.Enqueue(new Arrival(node, token, Stopwatch.GetTimestamp())))));
                handle!.TokenManager.Tell(TokenManager.SubscribeCredentials.Instance, probe);
            }
    }

    private async Task<SinchRuntime> StartRuntimeAsync(int node, ActorSystem system, SinchEmulator emulator, IReadOnlyList<SinchCredentials> projects, int maxInFlight)
    {
        var options = new SinchActorsOptions
        {
            TokenClient = new RecordingTokenClient(this, node, new TokenClient(new HttpMessageInvoker(new SocketsHttpHandler()), TimeSpan.FromSeconds(10))),
            Requests = { MaxInFlight = maxInFlight, MaxInFlightPerProject = maxInFlight },
        };
        foreach (var family in Enum.GetValues<SinchApiFamily>())
            options.Requests.BaseUrls[family.ToString()] = emulator.BaseUrl.ToString();
        foreach (var project in projects)
            options.AddProject(project);
        return await SinchRuntime.CreateAsync(system, options);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (system, runtime) in Nodes)
        {
            await runtime.DisposeAsync();
            await system.Terminate();
        }
    }

    private sealed class RecordingTokenClient(BenchCluster cluster, int node, ITokenClient inner) : ITokenClient
    {
        public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
        {
            TokenGrant? grant = null;
            try
            {
                return grant = await inner.FetchAsync(credentials, cancellationToken);
            }
            finally
            {
                cluster._fetches.Enqueue(new Fetch(node, credentials.KeyId, grant?.AccessToken, Stopwatch.GetTimestamp()));
            }
        }
    }

    private sealed class ArrivalProbe : ReceiveActor
    {
        public ArrivalProbe(Action<string> arrived)
        {
            Receive<TokenManager.CredentialIssued>(issued => arrived(issued.Credential.Authorization.Parameter!));
            ReceiveAny(_ => { });
        }
    }
}
