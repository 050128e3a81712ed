using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Cluster.Wire;
using SinchActors.Projects;

namespace SinchActors.Cluster.Sharding;

/// <summary>
/// The cluster placement of token managers: one <see cref="TokenManagerEntity"/> per access key in the cluster,
/// sharded by key, and on every node one <see cref="TokenManagerProxy"/> per key that node uses. Basic-mode keys
/// fetch nothing and stay node-local.
/// </summary>
internal sealed class ShardedTokenManagers : ITokenManagerPlacement
{
    // The managers' state lives in memory; only the shard coordinator's state needs storing, and DData needs no journal.
    // Remember-entities is off: a remembered manager would restart without anyone to serve, and without credentials.
    // Idle passivation is off: nodes hand out tokens from their own stand-ins, so a busy key's manager gets no messages for a
    // whole token lifetime and would be stopped with its refresh timer; it passivates itself when no node subscribes.
    private static readonly Config ShardingOverrides = ConfigurationFactory.ParseString("""
        state-store-mode = ddata
        remember-entities = off
        passivate-idle-entity-after = off
        """);

    private readonly TokenManagerDependencies _dependencies;
    private readonly LocalTokenManagers _local;
    private readonly SinchClusterOptions _options;

    public ShardedTokenManagers(TokenManagerDependencies dependencies, SinchClusterOptions options)
    {
        _dependencies = dependencies;
        _local = new LocalTokenManagers(dependencies);
        _options = options.Validate();
        var system = (ExtendedActorSystem)dependencies.System;
        SinchClusterSerializer.Register(system);
        Region = StartRegion(system, dependencies, options);
    }

    /// <summary>The shard region (or region proxy, on nodes without the role) of the token managers.</summary>
    public IActorRef Region { get; }

    public Props PropsFor(SinchCredentials credentials) => credentials.Mode == SinchAuthMode.Basic
        ? _local.PropsFor(credentials)
        : TokenManagerProxy.Props(Region, EntityId(credentials), credentials, _dependencies.Clock, _options.ResubscribeInterval);

    /// <summary>The name of the node's <see cref="FetchCapShare"/> (under <c>/user</c>).</summary>
    internal static string FetchCapShareName(SinchClusterOptions options) => $"{options.TypeName}-fetch-share";

    /// <summary>Tokens belong to an access key at a token endpoint: the entity ID names both.</summary>
    internal static string EntityId(SinchCredentials credentials) => $"{credentials.KeyId}@{credentials.AuthUrl.AbsoluteUri}";

    private static IActorRef StartRegion(ExtendedActorSystem system, TokenManagerDependencies dependencies, SinchClusterOptions options)
    {
        var sharding = ClusterSharding.Get(system); // adds the sharding defaults to the configuration
        var extractor = new KeyMessageExtractor(options.NumberOfShards);
        if (options.Role is { } role && !Akka.Cluster.Cluster.Get(system).SelfRoles.Contains(role))
            return sharding.StartProxy(options.TypeName, role, extractor);
        var config = system.Settings.Config;
        var overrides = options.Role is null ? ShardingOverrides : ConfigurationFactory.ParseString($"role = \"{options.Role}\"").WithFallback(ShardingOverrides);
        var sectionConfig = overrides.WithFallback(config.GetConfig("akka.cluster.sharding"));
        var settings = ClusterShardingSettings.Create(sectionConfig, config.GetConfig(sectionConfig.GetString("coordinator-singleton")));
        // The managers hosted here fetch through this node's fetcher: it gets this node's share of the cluster-wide cap.
        system.ActorOf(FetchCapShare.Props(dependencies.Fetcher, options.Role), FetchCapShareName(options));
        return sharding.Start(options.TypeName, TokenManagerEntity.Props(dependencies), settings, extractor);
    }

    /// <summary>Routes <see cref="KeyEnvelope"/>s by key; the entity receives the whole envelope (it may need the credentials).</summary>
    private sealed class KeyMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
    {
        public override string? EntityId(object message) => (message as KeyEnvelope)?.EntityId;
    }
}
