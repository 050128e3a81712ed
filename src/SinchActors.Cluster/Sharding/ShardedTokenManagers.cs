using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;
using SinchActors.Auth;
using SinchActors.Cluster.Configuration;
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
    private readonly TokenManagerDependencies _dependencies;
    private readonly LocalTokenManagers _local;
    private readonly SinchClusterSettings _settings;

    public ShardedTokenManagers(TokenManagerDependencies dependencies, SinchClusterSettings settings)
    {
        _dependencies = dependencies;
        _local = new LocalTokenManagers(dependencies);
        _settings = settings;
        var system = (ExtendedActorSystem)dependencies.System;
        system.Settings.InjectTopLevelFallback(SinchClusterConfig.Reference);
        SinchClusterSerializer.Register(system);
        WarnWithoutDowning(system);
        Region = StartRegion(system, dependencies, settings);
    }

    /// <summary>The shard region (or region proxy, on nodes without the role) of the token managers.</summary>
    public IActorRef Region { get; }

    public Props PropsFor(SinchCredentials credentials) => credentials.Mode == SinchAuthMode.Basic
        ? _local.PropsFor(credentials)
        : TokenManagerProxy.Props(Region, EntityId(credentials), credentials, _dependencies.Clock, _settings.ResubscribeInterval);

    /// <summary>The name of the node's <see cref="FetchCapShare"/> (under <c>/user</c>).</summary>
    internal static string FetchCapShareName(SinchClusterSettings settings) => $"{settings.TypeName}-fetch-share";

    /// <summary>Tokens belong to an access key at a token endpoint: the entity ID names both.</summary>
    internal static string EntityId(SinchCredentials credentials) => $"{credentials.KeyId}@{credentials.AuthUrl.AbsoluteUri}";

    private static IActorRef StartRegion(ExtendedActorSystem system, TokenManagerDependencies dependencies, SinchClusterSettings settings)
    {
        var sharding = ClusterSharding.Get(system); // adds the sharding defaults to the configuration
        var extractor = new KeyMessageExtractor(settings.NumberOfShards);
        if (settings.Role is { } role && !Akka.Cluster.Cluster.Get(system).SelfRoles.Contains(role))
            return sharding.StartProxy(settings.TypeName, role, extractor);
        // The user's akka.cluster.sharding applies (retry, hand-off, rebalance timing); what the managers need is forced:
        // - The role is sinch-actors.cluster.role, whatever akka.cluster.sharding.role says for the user's own regions.
        // - DData: the managers' state lives in memory, only the coordinator's needs storing, and DData needs no journal.
        // - No remember-entities: a remembered manager would restart with nobody to serve, and without credentials
        //   (they arrive with the first message).
        // - No idle passivation: nodes hand out tokens from their own stand-ins, so a busy key's manager may get no
        //   message for a whole token lifetime and would be stopped with its refresh timer, its token and its budget
        //   while every node depends on it. The entity passivates itself instead when no node subscribes any more
        //   (each node unsubscribes after sinch-actors.projects.idle-timeout), so an unused key still costs nothing.
        var shardingSettings = ClusterShardingSettings.Create(system)
            .WithRole(settings.Role)
            .WithStateStoreMode(StateStoreMode.DData)
            .WithRememberEntities(false)
            .WithPassivateIdleAfter(TimeSpan.Zero);
        // The managers hosted here fetch through this node's fetcher: it gets this node's share of the cluster-wide cap.
        system.ActorOf(FetchCapShare.Props(dependencies.Fetcher, settings.Role), FetchCapShareName(settings));
        return sharding.Start(settings.TypeName, TokenManagerEntity.Props(dependencies), shardingSettings, extractor);
    }

    /// <summary>
    /// The library leaves downing to the cluster's configuration (Akka.Cluster's own default is the split-brain resolver,
    /// keep-majority), but a cluster without any downing never moves a crashed node's managers: say so once.
    /// </summary>
    private static void WarnWithoutDowning(ExtendedActorSystem system)
    {
        if (Akka.Cluster.Cluster.Get(system).Settings.DowningProviderType == typeof(NoDowning))
            system.Log.Warning("SinchActors cluster mode runs without a downing provider (akka.cluster.downing-provider-class): the token " +
                               "managers of a node that crashes or is cut off never move until it is downed by hand. Akka.Cluster's default, " +
                               "the split-brain resolver with keep-majority, moves them once the node is downed (see hocon/sinch-actors-cluster.conf).");
    }

    /// <summary>Routes <see cref="KeyEnvelope"/>s by key; the entity receives the whole envelope (it may need the credentials).</summary>
    private sealed class KeyMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
    {
        public override string? EntityId(object message) => (message as KeyEnvelope)?.EntityId;
    }
}
