using Akka.Actor;
using Akka.Cluster.Sharding;
using SinchActors.Auth;
using SinchActors.Cluster.Wire;
using SinchActors.Projects;

namespace SinchActors.Cluster.Sharding;

/// <summary>
/// The sharded entity of one access key: the one place in the cluster where its token manager runs (a child, created
/// from the credentials of the first <see cref="KeyEnvelope"/> that carries them: nodes send them only when the entity
/// asks, with <see cref="CredentialsNeeded"/>). It translates between the wire and the manager's
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
    private readonly Queue<PendingUpdate> _updates = new(); // the head is with the manager
    private IActorRef _manager = ActorRefs.Nobody;
    private SinchCredentials _verified = null!; // the secret the manager uses
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

    /// <summary>A node's <see cref="UpdateKey"/>: the manager verifies one secret at a time, so each gets its own answer.</summary>
    private sealed record PendingUpdate(UpdateKey Update, IActorRef Node);

    protected override void OnReceive(object message) => Unstarted(message);

    // ---- States ----

    /// <summary>
    /// No manager yet (the key's first use, or its shard just moved here): the first envelope with credentials starts
    /// it; one without them goes back to its sender, which sends it again with them.
    /// </summary>
    private void Unstarted(object message)
    {
        switch (message)
        {
            case KeyEnvelope { Credentials: null } envelope:
                // Nothing is kept: an entity whose sender never answers (its node died) holds no manager, timer or request.
                Sender.Tell(new CredentialsNeeded(envelope.Payload));
                break;
            case KeyEnvelope { Credentials: { } credentials } envelope:
                StartManager(credentials);
                Become(Running);
                OnNodeMessage(envelope.Payload);
                break;
            case Stop:
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Running(object message)
    {
        switch (message)
        {
            case KeyEnvelope envelope:
                OnNodeMessage(envelope.Payload);
                break;
            case RejectToken rejected:
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
            case TokenManager.CredentialsVerified verified when IsHeadUpdate(verified.Credentials):
                _verified = verified.Credentials;
                AnswerUpdate(new Verified(_updates.Peek().Update.CorrelationId));
                break;
            case TokenManager.CredentialsRefused refusedUpdate when IsHeadUpdate(refusedUpdate.Credentials):
                AnswerUpdate(new Refused(_updates.Peek().Update.CorrelationId, WireFailure.From(refusedUpdate.Error)));
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
                _manager.Tell(new TokenManager.GetCredential(correlationId, ask.Timeout) { ProjectId = ask.ProjectId, NewerThan = ask.NewerThan });
                break;
            case UpdateKey update:
                _updates.Enqueue(new PendingUpdate(update, Sender));
                if (_updates.Count == 1)
                    NextUpdate();
                break;
            case GetKeyState:
                _stateAsks.Enqueue(Sender);
                _manager.Tell(TokenManager.GetState.Instance);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void StartManager(SinchCredentials credentials)
    {
        _verified = credentials;
        var d = _dependencies;
        _manager = Context.ActorOf(TokenManager.Props(credentials, d.Settings, d.Fetcher, d.Clock, d.Refreshes).WithMailbox(CompactMailbox.ConfigPath), "manager");
        _manager.Tell(TokenManager.SubscribeCredentials.Instance);
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

    private bool IsHeadUpdate(SinchCredentials credentials) => _updates.TryPeek(out var head) && ReferenceEquals(head.Update.Credentials, credentials);

    private void AnswerUpdate(ISinchClusterMessage answer)
    {
        _updates.Dequeue().Node.Tell(answer);
        NextUpdate();
    }

    /// <summary>Hands the next update to the manager, answering at once those whose secret is in use already.</summary>
    private void NextUpdate()
    {
        while (_updates.TryPeek(out var next))
        {
            if (!_verified.SameSecret(next.Update.Credentials))
            {
                _manager.Tell(new TokenManager.UpdateCredentials(next.Update.Credentials) { ReportTo = Self, Timeout = next.Update.Timeout });
                return;
            }
            // Verified already (another node rotated the key and this node's registry catches up): no token request.
            _updates.Dequeue().Node.Tell(new Verified(next.Update.CorrelationId));
        }
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
