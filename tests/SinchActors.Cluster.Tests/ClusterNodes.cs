using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
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

    private ClusterNodes(SinchEmulator emulator, IReadOnlyList<Node> nodes)
    {
        Emulator = emulator;
        Nodes = nodes;
    }

    public SinchEmulator Emulator { get; }

    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>
    /// The SinchActors node-local messages that reached one of these nodes from another, stopped ones included, each
    /// naming its type and both nodes (see <see cref="NodeLocalSerializer"/>).
    /// </summary>
    public IReadOnlyList<string> NodeLocalLeaks => Nodes.SelectMany(node => NodeLocalSerializer.Of(node.System).Leaks).ToList();

    /// <param name="count">Nodes.</param>
    /// <param name="rolesOf">The cluster roles of node 0, 1, …; none when null.</param>
    /// <param name="managerRole">Only nodes with this role host token managers (<see cref="SinchClusterOptions.Role"/>).</param>
    /// <param name="idleTimeout">Passivate keys idle this long (<c>sinch-actors.projects.idle-timeout</c>); the default when null.</param>
    /// <param name="tls">When set, the nodes talk mutual TLS with this certificate, and accept only a peer presenting it
    /// (pinned by thumbprint, as the cluster README shows for a self-signed certificate).</param>
    public static async Task<ClusterNodes> StartAsync(int count, Func<int, string[]>? rolesOf = null, string? managerRole = null,
        TimeSpan? idleTimeout = null, X509Certificate2? tls = null)
    {
        var emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TokenBucketCapacity = 10_000 });
        var cluster = SinchCluster.Setup(new SinchClusterOptions { Role = managerRole, ResubscribeInterval = TimeSpan.FromMilliseconds(500) });
        var transport = ConfigurationFactory.ParseString($"akka.remote.dot-netty.tcp.enable-ssl = {(tls is null ? "off" : "on")}");
        var systems = Enumerable.Range(0, count).Select(i =>
        {
            var roles = ConfigurationFactory.ParseString($"akka.cluster.roles = [{string.Join(", ", rolesOf?.Invoke(i) ?? [])}]");
            var setup = BootstrapSetup.Create().WithConfig(roles.WithFallback(transport).WithFallback(NodeConfig)).And(cluster);
            if (tls is not null)
                setup = setup.And(new DotNettySslSetup(tls, suppressValidation: false, requireMutualAuthentication: true,
                    CertificateValidation.PinnedCertificate(tls.Thumbprint)));
            return ActorSystem.Create("sinch", setup);
        }).ToList();
        var up = systems.Select(system =>
        {
            var memberUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(memberUp.SetResult);
            return memberUp.Task;
        }).ToList();
        var seed = Akka.Cluster.Cluster.Get(systems[0]).SelfAddress;
        foreach (var system in systems)
            await Akka.Cluster.Cluster.Get(system).JoinAsync(seed).WaitAsync(Deadline);
        await Task.WhenAll(up).WaitAsync(Deadline);
        var nodes = new List<Node>();
        foreach (var system in systems)
            nodes.Add(await Node.StartAsync(system, emulator, hostsManagers: managerRole is null || Akka.Cluster.Cluster.Get(system).SelfRoles.Contains(managerRole),
                idleTimeout));
        return new ClusterNodes(emulator, nodes);
    }

    /// <summary>Seeds a project with its own key on the emulator and registers it on every node.</summary>
    public async Task<SinchCredentials> AddProjectAsync(string projectId)
    {
        var key = Emulator.SeedKey(projectId, $"key-{projectId}", $"secret-{Guid.NewGuid():N}");
        var credentials = new SinchCredentials(projectId, key.KeyId, key.Secret, Emulator.TokenUrl);
        foreach (var node in Nodes.Where(n => n.IsRunning))
            await node.Runtime.Projects.AddAsync(credentials);
        return credentials;
    }

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
            ? ClusterSharding.Get(System).ShardRegion(new SinchClusterOptions().TypeName)
            : ClusterSharding.Get(System).ShardRegionProxy(new SinchClusterOptions().TypeName);

        public string Address => Akka.Cluster.Cluster.Get(System).SelfAddress.ToString();

        public bool IsRunning => !System.WhenTerminated.IsCompleted;

        internal static async Task<Node> StartAsync(ActorSystem system, SinchEmulator emulator, bool hostsManagers, TimeSpan? idleTimeout)
        {
            var options = new SinchActorsOptions
            {
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
