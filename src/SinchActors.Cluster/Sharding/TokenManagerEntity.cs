using Akka.Actor;
using Akka.Cluster.Sharding;
using SinchActors.Auth;
using SinchActors.Cluster.Wire;
using SinchActors.Projects;

namespace SinchActors.Cluster.Sharding;

/// <summary>
/// The sharded entity of one access key: the one place in the cluster where its token manager runs (a child, created
/// from the credentials of the first <see cref="KeyEnvelope"/>). It translates between the wire and the manager's
/// local protocol: nodes subscribe (<see cref="Subscribe"/>) and receive each generation (<see cref="Issued"/>) and
/// withdrawal; their cache misses (<see cref="AskCredential"/>), rejections (<see cref="RejectToken"/>) and secret
/// updates reach the manager, whose answers go back in wire form. When the last subscribed node leaves, the entity
/// passivates itself: the manager's token, timers and budget go with it, as they would after the registry's idle
/// passivation on a single node.
/// </summary>
internal sealed class TokenManagerEntity : UntypedActor
{
    private readonly TokenManagerDependencies _dependencies;
    private readonly HashSet<IActorRef> _nodes = [];
    private readonly Dictionary<long, (IActorRef Node, long CorrelationId)> _asks = new();
    private readonly Queue<IActorRef> _stateAsks = new();
    private readonly List<(SinchCredentials Credentials, IActorRef Node)> _updates = [];
    private IActorRef? _manager;
    private SinchCredentials? _verified; // the secret the manager uses
    private IssuedCredential? _current; // the manager's own instance: a rejection marks it accepted when a node saw it so
    private long _nextCorrelationId;
    private bool _passivating;

    public TokenManagerEntity(TokenManagerDependencies dependencies)
    {
        _dependencies = dependencies;
    }

    public static Props Props(TokenManagerDependencies dependencies) => Akka.Actor.Props.Create(() => new TokenManagerEntity(dependencies));

    /// <summary>Tells the entity to stop once the shard stopped routing to it.</summary>
    internal sealed class Stop
    {
        public static readonly Stop Instance = new();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case KeyEnvelope envelope:
                _manager ??= StartManager(envelope.Credentials);
                OnNodeMessage(envelope.Payload);
                break;
            case RejectToken rejected when _manager is not null:
                if (rejected.WasAccepted && _current?.Generation == rejected.Generation)
                    _current.ReportAccepted();
                _manager.Tell(new TokenManager.TokenRejected(rejected.Generation) { ApiMessage = rejected.ApiMessage });
                break;
            case Unsubscribe:
                Leave(Sender);
                break;
            case Terminated terminated:
                Leave(terminated.ActorRef);
                break;
            case TokenManager.CredentialIssued issued:
                _current = issued.Credential;
                Broadcast(new Issued(ToWire(issued.Credential)));
                break;
            case TokenManager.CredentialsEnded:
                break; // its manager, this entity's child, stopped with it
            case TokenManager.CredentialWithdrawn withdrawn:
                if (_current?.Generation == withdrawn.Generation)
                    _current = null;
                Broadcast(new Withdrawn(withdrawn.Generation));
                break;
            case TokenManager.CredentialGranted granted:
                if (_asks.Remove(granted.CorrelationId, out var ask))
                    ask.Node.Tell(new Granted(ask.CorrelationId, ToWire(granted.Credential)));
                PassivateIfUnused();
                break;
            case TokenManager.CredentialFailed failed:
                if (_asks.Remove(failed.CorrelationId, out var refused))
                    refused.Node.Tell(new Failed(refused.CorrelationId, WireFailure.From(failed.Error)));
                PassivateIfUnused();
                break;
            case TokenManager.CredentialsVerified verified:
                _verified = verified.Credentials;
                AnswerUpdate(verified.Credentials, new Verified(verified.Credentials));
                break;
            case TokenManager.CredentialsRefused refusedUpdate:
                AnswerUpdate(refusedUpdate.Credentials, new Refused(refusedUpdate.Credentials, WireFailure.From(refusedUpdate.Error)));
                break;
            case TokenManager.StateReport report when _stateAsks.TryDequeue(out var asker):
                asker.Tell(new KeyState(report.State, report.Generation, report.Waiters, report.RejectedStreak,
                    Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString()));
                break;
            case Stop:
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnNodeMessage(ISinchClusterMessage message)
    {
        switch (message)
        {
            case Subscribe:
                if (_nodes.Add(Sender))
                    Context.Watch(Sender);
                Sender.Tell(Subscribed.Instance);
                if (_current is { } current && Usable(current))
                    Sender.Tell(new Issued(ToWire(current)));
                break;
            case AskCredential ask:
                var correlationId = ++_nextCorrelationId;
                _asks.Add(correlationId, (Sender, ask.CorrelationId));
                _manager!.Tell(new TokenManager.GetCredential(correlationId, ask.Timeout) { ProjectId = ask.ProjectId, NewerThan = ask.NewerThan });
                break;
            case UpdateKey update when _updates.Count == 0 && _verified!.SameSecret(update.Credentials):
                // Verified already (another node rotated the key and this node's registry catches up): no token request.
                Sender.Tell(new Verified(update.Credentials));
                break;
            case UpdateKey update:
                _updates.Add((update.Credentials, Sender));
                _manager!.Tell(new TokenManager.UpdateCredentials(update.Credentials) { ReportTo = Self, Timeout = update.Timeout });
                break;
            case GetKeyState:
                _stateAsks.Enqueue(Sender);
                _manager!.Tell(TokenManager.GetState.Instance);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private IActorRef StartManager(SinchCredentials credentials)
    {
        _verified = credentials;
        var d = _dependencies;
        var manager = Context.ActorOf(TokenManager.Props(credentials, d.Settings, d.Fetcher, d.Clock, d.Refreshes).WithMailbox(CompactMailbox.ConfigPath), "manager");
        manager.Tell(TokenManager.SubscribeCredentials.Instance);
        return manager;
    }

    private void Leave(IActorRef node)
    {
        if (!_nodes.Remove(node))
            return;
        Context.Unwatch(node);
        PassivateIfUnused();
    }

    /// <summary>No node uses the key and no answer is owed: the entity asks its shard to stop it.</summary>
    private void PassivateIfUnused()
    {
        if (_nodes.Count > 0 || _asks.Count > 0 || _updates.Count > 0 || _passivating)
            return;
        _passivating = true;
        Context.Parent.Tell(new Passivate(Stop.Instance));
    }

    private void AnswerUpdate(SinchCredentials credentials, ISinchClusterMessage answer)
    {
        foreach (var (_, node) in _updates.Where(u => ReferenceEquals(u.Credentials, credentials)))
            node.Tell(answer);
        _updates.RemoveAll(u => ReferenceEquals(u.Credentials, credentials));
        PassivateIfUnused();
    }

    private void Broadcast(ISinchClusterMessage message)
    {
        foreach (var node in _nodes)
            node.Tell(message);
    }

    private bool Usable(IssuedCredential credential) => credential.IsUsable(_dependencies.Clock);

    private WireCredential ToWire(IssuedCredential credential) =>
        new(credential.Generation, credential.Authorization,
            credential.UsableUntil.Remaining(_dependencies.Clock), Self);
}
