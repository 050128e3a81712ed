using Akka.Actor;
using Akka.Cluster;
using SinchActors.Auth;

namespace SinchActors.Cluster.Sharding;

/// <summary>
/// Keeps <c>sinch-actors.projects.max-concurrent-token-fetches</c> a cluster-wide cap: on a node that hosts token
/// managers, the node's fetcher gets its share, the cap divided by the members that are up and host managers (with
/// the role, when one is set), rounded down and never below 1. Recomputed on every membership change: a node joining
/// shrinks the shares, one removed (left, or downed after it died) grows them. Every node must configure the same cap.
/// An unreachable node keeps its share until it is downed, so the cluster stays under the cap while managers move.
/// Answers <see cref="GetShare"/> with the share in effect.
/// </summary>
internal sealed class FetchCapShare : UntypedActor
{
    private readonly TokenFetcher _fetcher;
    private readonly string? _role;
    private readonly Dictionary<Address, Member> _members = new();

    public FetchCapShare(TokenFetcher fetcher, string? role)
    {
        _fetcher = fetcher;
        _role = role;
    }

    public static Props Props(TokenFetcher fetcher, string? role) => Akka.Actor.Props.Create(() => new FetchCapShare(fetcher, role));

    /// <summary>Asks for the share in effect (an <see cref="int"/>).</summary>
    internal sealed class GetShare
    {
        public static readonly GetShare Instance = new();
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        _fetcher.Resize(_fetcher.Limit);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClusterEvent.CurrentClusterState state:
                _members.Clear();
                foreach (var member in state.Members)
                    _members[member.Address] = member;
                Share();
                break;
            case ClusterEvent.MemberRemoved removed:
                _members.Remove(removed.Member.Address);
                Share();
                break;
            case ClusterEvent.IMemberEvent changed:
                _members[changed.Member.Address] = changed.Member;
                Share();
                break;
            case GetShare:
                Sender.Tell(_fetcher.Capacity);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Share()
    {
        var hosting = _members.Values.Count(m => m.Status == MemberStatus.Up && (_role is null || m.HasRole(_role)));
        _fetcher.Resize(Math.Max(1, _fetcher.Limit / Math.Max(1, hosting)));
    }
}
