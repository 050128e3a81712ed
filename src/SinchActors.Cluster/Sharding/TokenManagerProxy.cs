using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Cluster.Wire;

namespace SinchActors.Cluster.Sharding;

/// <summary>
/// A node's stand-in for the token manager of one access key, which runs once in the cluster as a
/// <see cref="TokenManagerEntity"/>. The registry creates it where it would create the manager, and it speaks the
/// manager's protocol to the node: it pushes each generation to local subscribers (the request workers), grants from it without a network hop, and only on a miss, a 401 or a secret update
/// talks to the manager. Credentials it hands out are its own (<see cref="IssuedCredential.Issuer"/> is this actor,
/// generations count up on this node whichever manager incarnation issued them), so workers need not know where the
/// manager is. States: <b>passive</b> (not subscribed: new, or the registry passivated the key), <b>joining</b>
/// (subscribed through the shard region, asking again every <c>resubscribe-interval</c> until the manager answers),
/// <b>attached</b> (the manager's host is death-watched; when it dies or moves, the stand-in joins again, resends
/// the requests it still owes answers to and keeps serving its current token, which Sinch still accepts).
/// </summary>
internal sealed partial class TokenManagerProxy : UntypedActor, IWithTimers
{
    private const string ResubscribeTimer = "resubscribe";
    // The manager answers within the timeout it is given; this only covers a manager that died with the request.
    private static readonly TimeSpan AskGrace = TimeSpan.FromSeconds(1);

    private readonly IActorRef _region;
    private readonly string _entityId;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _resubscribeInterval;
    private readonly CredentialSubscribers _subscribers = new();
    private readonly Dictionary<long, PendingAsk> _asks = new();
    private readonly List<(SinchCredentials Credentials, IActorRef? ReportTo)> _updates = [];
    private SinchCredentials _credentials;
    private IActorRef? _home;                 // the manager's host this node is subscribed to
    private IssuedCredential? _current;       // this node's copy, issued by this actor
    private RemoteGeneration? _currentSource; // which manager generation _current is
    private RemoteGeneration? _lastRejected;
    private long _generation;
    private long _nextCorrelationId;

    public TokenManagerProxy(IActorRef region, string entityId, SinchCredentials credentials, TimeProvider clock,
        TimeSpan resubscribeInterval)
    {
        _region = region;
        _entityId = entityId;
        _credentials = credentials;
        _clock = clock;
        _resubscribeInterval = resubscribeInterval;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef region, string entityId, SinchCredentials credentials, TimeProvider clock,
        TimeSpan resubscribeInterval) =>
        Akka.Actor.Props.Create(() => new TokenManagerProxy(region, entityId, credentials, clock, resubscribeInterval));

    private sealed record PendingAsk(IActorRef ReplyTo, long CorrelationId, string? ProjectId, AskCredential Ask);

    /// <summary>A generation as its manager counts it: the host that issued it and its number there.</summary>
    private sealed record RemoteGeneration(IActorRef Issuer, long Generation);

    private sealed record AskExpired(long CorrelationId);

    private sealed class ResubscribeDue
    {
        public static readonly ResubscribeDue Instance = new();
    }

    protected override void OnReceive(object message) => Passive(message);

    protected override void PostStop()
    {
        _home?.Tell(Unsubscribe.Instance);
        Withdraw();
        _subscribers.Tell(TokenManager.CredentialsEnded.Instance);
        foreach (var ask in _asks.Values)
            ask.ReplyTo.Tell(new TokenManager.CredentialFailed(ask.CorrelationId, new SinchShutdownException(ask.ProjectId ?? _credentials.ProjectId)));
        foreach (var (credentials, reportTo) in _updates)
            reportTo?.Tell(new TokenManager.CredentialsRefused(credentials, new SinchShutdownException(credentials.ProjectId)));
    }

    // ---- States ----

    private void Passive(object message)
    {
        switch (message)
        {
            case TokenManager.GetCredential request:
                Join();
                OnGetCredential(request);
                break;
            case TokenManager.DropToken or Issued:
                break; // a push sent before the manager took this node's Unsubscribe
            default:
                Common(message);
                break;
        }
    }

    private void Joining(object message)
    {
        switch (message)
        {
            case ResubscribeDue:
                _region.Tell(new KeyEnvelope(_entityId, _credentials, Subscribe.Instance));
                break;
            default:
                Subscribing(message);
                break;
        }
    }

    private void Attached(object message)
    {
        switch (message)
        {
            case Terminated terminated when terminated.ActorRef.Equals(_home):
                // The manager moved (its node left or died) or passivated: the token in hand stays valid at Sinch.
                _home = null;
                Join();
                break;
            default:
                Subscribing(message);
                break;
        }
    }

    /// <summary>What joining and attached have in common: the node uses the key.</summary>
    private void Subscribing(object message)
    {
        switch (message)
        {
            case TokenManager.GetCredential request:
                OnGetCredential(request);
                break;
            case Subscribed:
                Attach(Sender);
                break;
            case TokenManager.DropToken when _asks.Count == 0:
                Timers.Cancel(ResubscribeTimer);
                _home?.Tell(Unsubscribe.Instance);
                if (_home is not null)
                    Context.Unwatch(_home);
                _home = null;
                Withdraw();
                Become(Passive);
                break;
            case TokenManager.DropToken:
                break; // callers wait
            default:
                Common(message);
                break;
        }
    }

    private void Common(object message)
    {
        switch (message)
        {
            case Issued issued:
                Adopt(issued.Credential);
                break;
            case Granted granted:
                OnGranted(granted);
                break;
            case Failed failed:
                if (_asks.Remove(failed.CorrelationId, out var refused))
                {
                    Timers.Cancel(new AskExpired(failed.CorrelationId));
                    refused.ReplyTo.Tell(new TokenManager.CredentialFailed(refused.CorrelationId,
                        failed.Failure.ToException(refused.ProjectId ?? _credentials.ProjectId)));
                }
                break;
            case AskExpired expired:
                if (_asks.Remove(expired.CorrelationId, out var forgotten))
                    forgotten.ReplyTo.Tell(new TokenManager.CredentialFailed(forgotten.CorrelationId,
                        new SinchAuthUnavailableException(forgotten.ProjectId ?? _credentials.ProjectId, null, _credentials.KeyId)));
                break;
            case Withdrawn withdrawn:
                if (_currentSource == new RemoteGeneration(Sender, withdrawn.Generation))
                    Withdraw();
                break;
            case TokenManager.TokenRejected rejected:
                Reject(rejected.Generation, rejected.ApiMessage);
                break;
            case TokenManager.SubscribeCredentials:
                if (_subscribers.Add(Sender))
                    Context.Watch(Sender);
                if (Usable(_current))
                    Sender.Tell(new TokenManager.CredentialIssued(_current!));
                break;
            case Terminated terminated:
                _subscribers.Remove(terminated.ActorRef);
                break;
            case TokenManager.UpdateCredentials update:
                _updates.Add((update.Credentials, update.ReportTo));
                _region.Tell(new KeyEnvelope(_entityId, _credentials, new UpdateKey(update.Credentials, update.Timeout)));
                break;
            case Verified verified:
                foreach (var (credentials, reportTo) in TakeUpdates(verified.Credentials))
                {
                    _credentials = credentials;
                    reportTo?.Tell(new TokenManager.CredentialsVerified(credentials));
                }
                break;
            case Refused refusedUpdate:
                foreach (var (credentials, reportTo) in TakeUpdates(refusedUpdate.Credentials))
                    reportTo?.Tell(new TokenManager.CredentialsRefused(credentials, refusedUpdate.Failure.ToException(credentials.ProjectId)));
                break;
            case Subscribed:
                Sender.Tell(Unsubscribe.Instance); // a late answer to a subscription given up by passivation
                break;
            case TokenManager.DropToken or ResubscribeDue:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    // ---- Subscription ----

    private void Join()
    {
        _region.Tell(new KeyEnvelope(_entityId, _credentials, Subscribe.Instance));
        Timers.StartPeriodicTimer(ResubscribeTimer, ResubscribeDue.Instance, _resubscribeInterval);
        Become(Joining);
    }

    private void Attach(IActorRef home)
    {
        if (home.Equals(_home))
            return;
        Timers.Cancel(ResubscribeTimer);
        if (_home is not null)
            Context.Unwatch(_home);
        _home = home;
        Context.Watch(home);
        // Requests sent while the manager was elsewhere may have died with it: the new one answers them (the first answer counts).
        foreach (var ask in _asks.Values)
            _region.Tell(new KeyEnvelope(_entityId, _credentials, ask.Ask with { NewerThan = 0 }));
        Become(Attached);
    }
}
