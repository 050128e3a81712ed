using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using SinchActors.Cluster.Configuration;
using SinchActors.Auth;
using SinchActors.Cluster.Hosting;
using SinchActors.Cluster.Projects;
using SinchActors.Cluster.Sharding;
using SinchActors.Cluster.Wire;
using SinchActors.Emulator;
using SinchActors.Requests;
using SinchActors.Hosting;

namespace SinchActors.Cluster.Tests;

/// <summary>
/// Three (or more) cluster nodes in this process, each an actor system on 127.0.0.1 with an ephemeral port, real
/// Akka.Remote between them, a split-brain resolver (keep-majority) and a SinchActors runtime in cluster mode, all
/// against one emulator over HTTP.
/// </summary>
internal sealed class ClusterNodes : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly Config NodeConfig = ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          actor {
            provider = cluster
            serialize-messages = on
            serializers.node-local = "SinchActors.Cluster.Tests.NodeLocalSerializer, SinchActors.Cluster.Tests"
            serialization-bindings { "System.Object" = node-local }
          }
          remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
          cluster {
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver { active-strategy = keep-majority, stable-after = 2s }
            # Three nodes share this process's thread pool and, in a solution run, two cores with another test
            # assembly: a node's heartbeats can stall for seconds. A 5 s pause keeps such a stall from downing a
            # healthy node; a hard-stopped node is still downed within about 5 s + stable-after.
            failure-detector { heartbeat-interval = 250ms, acceptable-heartbeat-pause = 5s }
            sharding.retry-interval = 500ms
            sharding.coordinator-failure-backoff = 1s
            singleton.hand-over-retry-interval = 500ms
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          # A hard stop: a node stopped with Terminate() does not leave the cluster first; the others must down it.
          coordinated-shutdown.run-by-actor-system-terminate = off
        }
        """);

    private readonly List<Node> _nodes;
    private readonly List<SinchCredentials> _projects = [];
    private readonly Func<int, ActorSystem> _createSystem;
    private readonly string? _managerRole;
    private readonly TimeSpan? _idleTimeout;
    private readonly FetchLog? _fetches;

    private ClusterNodes(SinchEmulator emulator, List<Node> nodes, Func<int, ActorSystem> createSystem, string? managerRole,
        TimeSpan? idleTimeout, FetchLog? fetches)
    {
        Emulator = emulator;
        _nodes = nodes;
        _createSystem = createSystem;
        _managerRole = managerRole;
        _idleTimeout = idleTimeout;
        _fetches = fetches;
    }

    public SinchEmulator Emulator { get; }

    /// <summary>Every node started, in order, stopped ones included.</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>
    /// The SinchActors node-local messages that reached one of these nodes from another, stopped ones included, each
    /// naming its type and both nodes (see <see cref="NodeLocalSerializer"/>).
    /// </summary>
    public IReadOnlyList<string> NodeLocalLeaks => Nodes.SelectMany(node => NodeLocalSerializer.Of(node.System).Leaks).ToList();

    /// <param name="count">Nodes.</param>
    /// <param name="rolesOf">The cluster roles of node 0, 1, …; none when null.</param>
    /// <param name="managerRole">Only nodes with this role host token managers (<see cref="SinchClusterOptions.Role"/>).</param>
    /// <param name="idleTimeout">Passivate keys idle this long (<c>sinch-actors.projects.idle-timeout</c>); the default when null.</param>
    /// <param name="config">Configuration over the nodes' own (failure detection, transport adapters, ...); none when null.</param>
    /// <param name="fetches">Records every token request each node's runtime makes; none when null.</param>
    /// <param name="tls">When set, the nodes talk mutual TLS with this certificate, and accept only a peer presenting it
    /// (pinned by thumbprint, as the cluster README shows for a self-signed certificate).</param>
    public static async Task<ClusterNodes> StartAsync(int count, Func<int, string[]>? rolesOf = null, string? managerRole = null,
        TimeSpan? idleTimeout = null, Config? config = null, FetchLog? fetches = null, X509Certificate2? tls = null)
    {
        var emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TokenBucketCapacity = 10_000 });
        var cluster = SinchCluster.Setup(new SinchClusterOptions { Role = managerRole, ResubscribeInterval = TimeSpan.FromMilliseconds(500) });
        var transport = ConfigurationFactory.ParseString($"akka.remote.dot-netty.tcp.enable-ssl = {(tls is null ? "off" : "on")}");
        var nodeConfig = (config ?? Config.Empty).WithFallback(transport).WithFallback(NodeConfig);
        ActorSystem CreateSystem(int i)
        {
            var roles = ConfigurationFactory.ParseString($"akka.cluster.roles = [{string.Join(", ", rolesOf?.Invoke(i) ?? [])}]");
            var setup = BootstrapSetup.Create().WithConfig(roles.WithFallback(nodeConfig)).And(cluster);
            if (tls is not null)
                setup = setup.And(new DotNettySslSetup(tls, suppressValidation: false, requireMutualAuthentication: true,
                    CertificateValidation.PinnedCertificate(tls.Thumbprint)));
            return ActorSystem.Create("sinch", setup);
        }
        var systems = Enumerable.Range(0, count).Select(CreateSystem).ToList();
        var seed = Akka.Cluster.Cluster.Get(systems[0]).SelfAddress;
        foreach (var system in systems)
            await JoinAsync(system, seed);
        var nodes = new List<Node>();
        foreach (var system in systems)
            nodes.Add(await Node.StartAsync(system, emulator, HostsManagers(system, managerRole), idleTimeout, fetches));
        return new ClusterNodes(emulator, nodes, CreateSystem, managerRole, idleTimeout, fetches);
    }

    /// <summary>Starts one more node (a new incarnation, as a restarted node is), joins it through the first running node and registers every project on it.</summary>
    public async Task<Node> AddNodeAsync()
    {
        var system = _createSystem(_nodes.Count);
        await JoinAsync(system, Akka.Cluster.Cluster.Get(_nodes.First(n => n.IsRunning).System).SelfAddress);
        var node = await Node.StartAsync(system, Emulator, HostsManagers(system, _managerRole), _idleTimeout, _fetches);
        foreach (var project in _projects)
            await node.Runtime.Projects.AddAsync(project);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Seeds a project with its own key on the emulator and registers it on every node.</summary>
    public async Task<SinchCredentials> AddProjectAsync(string projectId)
    {
        var key = Emulator.SeedKey(projectId, $"key-{projectId}", $"secret-{Guid.NewGuid():N}");
        var credentials = new SinchCredentials(projectId, key.KeyId, key.Secret, Emulator.TokenUrl);
        foreach (var node in Nodes.Where(n => n.IsRunning))
            await node.Runtime.Projects.AddAsync(credentials);
        _projects.Add(credentials);
        return credentials;
    }

    private static async Task JoinAsync(ActorSystem system, Address seed)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(up.SetResult);
        await Akka.Cluster.Cluster.Get(system).JoinAsync(seed).WaitAsync(Deadline);
        await up.Task.WaitAsync(Deadline);
    }

    private static bool HostsManagers(ActorSystem system, string? managerRole) =>
        managerRole is null || Akka.Cluster.Cluster.Get(system).SelfRoles.Contains(managerRole);

    /// <summary>Where the key's manager runs (starting it if needed), and its state there.</summary>
    public Task<KeyState> KeyStateAsync(Node via, SinchCredentials credentials) =>
        via.Region.Ask<KeyState>(new KeyEnvelope(ShardedTokenManagers.EntityId(credentials), credentials, GetKeyState.Instance), Deadline);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Where(n => n.IsRunning))
            await node.DisposeAsync();
        await Emulator.DisposeAsync();
    }

    /// <summary>One node: its actor system and its SinchActors runtime in cluster mode.</summary>
    public sealed class Node : IAsyncDisposable
    {
        private readonly bool _hostsManagers;

        private Node(ActorSystem system, SinchRuntime runtime, bool hostsManagers)
        {
            System = system;
            Runtime = runtime;
            _hostsManagers = hostsManagers;
            ClusterProjects = new SinchClusterProjects(runtime);
        }

        public ActorSystem System { get; }

        public SinchRuntime Runtime { get; }

        /// <summary>The cluster's projects as this node changes them.</summary>
        public SinchClusterProjects ClusterProjects { get; }

        public IActorRef Region => _hostsManagers
            ? ClusterSharding.Get(System).ShardRegion(SinchClusterSettings.Default.TypeName)
            : ClusterSharding.Get(System).ShardRegionProxy(SinchClusterSettings.Default.TypeName);

        public string Address => Akka.Cluster.Cluster.Get(System).SelfAddress.ToString();

        public bool IsRunning => !System.WhenTerminated.IsCompleted;

        internal static async Task<Node> StartAsync(ActorSystem system, SinchEmulator emulator, bool hostsManagers, TimeSpan? idleTimeout,
            FetchLog? fetches)
        {
            var options = new SinchActorsOptions
            {
                TokenClient = fetches?.ClientFor(Akka.Cluster.Cluster.Get(system).SelfAddress.ToString()),
                ProjectRegistry = { IdleTimeout = idleTimeout },
                Requests =
                {
                    Workers = 4,
                    BackoffBase = TimeSpan.FromMilliseconds(1),
                    BackoffMax = TimeSpan.FromMilliseconds(10),
                    AttemptTimeout = TimeSpan.FromSeconds(5),
                    DefaultDeadline = TimeSpan.FromSeconds(20),
                },
            };
            foreach (var family in Enum.GetValues<SinchApiFamily>())
                options.Requests.BaseUrls[family.ToString()] = emulator.BaseUrl.ToString();
            var runtime = await SinchRuntime.CreateAsync(system, options);
            return new Node(system, runtime, hostsManagers);
        }

        /// <summary>Stops the node without leaving the cluster, as a crash would: the others see it unreachable and down it.</summary>
        public Task HardStopAsync() => System.Terminate();

        public async ValueTask DisposeAsync()
        {
            await Runtime.DisposeAsync();
            await System.Terminate();
        }
    }
}
