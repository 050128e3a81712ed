using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Cluster.Wire;
using SinchActors.Timing;

namespace SinchActors.Cluster.Sharding;

// How a stand-in hands out credentials on its node: from its own copy when it can, from the manager when it must.
internal sealed partial class TokenManagerProxy
{
    private void OnGetCredential(TokenManager.GetCredential request)
    {
        if (Usable(_current) && _current!.Generation > request.NewerThan)
        {
            Sender.Tell(new TokenManager.CredentialGranted(request.CorrelationId, _current));
            return;
        }
        if (_current is { } current && request.NewerThan >= current.Generation)
            Reject(current.Generation, apiMessage: null); // the asker saw it rejected (see GetCredential.NewerThan)
        var correlationId = ++_nextCorrelationId;
        var newerThan = _lastRejected is { } rejected && rejected.Issuer.Equals(_home) ? rejected.Generation : 0;
        var ask = new AskCredential(correlationId, request.Timeout, request.ProjectId, newerThan);
        _asks.Add(correlationId, new PendingAsk(Sender, request.CorrelationId, request.ProjectId, ask));
        Timers.StartSingleTimer(new AskExpired(correlationId), new AskExpired(correlationId), request.Timeout + AskGrace);
        _region.Tell(new KeyEnvelope(_entityId, _credentials, ask));
    }

    private void OnGranted(Granted granted)
    {
        if (!_asks.TryGetValue(granted.CorrelationId, out var pending))
            return;
        if (Adopt(granted.Credential) is not { } credential)
        {
            // The manager had not yet taken this node's report that the generation was rejected: ask for a newer one.
            var ask = pending.Ask with { NewerThan = granted.Credential.Generation };
            _asks[granted.CorrelationId] = pending with { Ask = ask };
            _region.Tell(new KeyEnvelope(_entityId, _credentials, ask));
            return;
        }
        _asks.Remove(granted.CorrelationId);
        Timers.Cancel(new AskExpired(granted.CorrelationId));
        pending.ReplyTo.Tell(new TokenManager.CredentialGranted(pending.CorrelationId, credential));
    }

    /// <summary>Takes a generation of the manager as this node's current credential; <c>null</c> when this node saw it rejected.</summary>
    private IssuedCredential? Adopt(WireCredential credential)
    {
        var source = new RemoteGeneration(credential.Issuer, credential.Generation);
        if (source == _currentSource && _current is not null)
            return _current;
        if (source == _lastRejected)
            return null;
        _current = new IssuedCredential(++_generation, credential.Authorization, MonotonicDeadline.After(_clock, credential.UsableFor), Self,
            _credentials.KeyId);
        _currentSource = source;
        _subscribers.Tell(new TokenManager.CredentialIssued(_current));
        return _current;
    }

    /// <summary>A call with this node's generation got 401: once per generation, the issuing manager hears of it.</summary>
    private void Reject(long generation, string? apiMessage)
    {
        if (_current is not { } current || current.Generation != generation || _currentSource is not { } source)
            return;
        source.Issuer.Tell(new RejectToken(source.Generation, current.WasAccepted, apiMessage));
        _lastRejected = source;
        Withdraw();
    }

    private void Withdraw()
    {
        if (_current is not { } withdrawn)
            return;
        _current = null;
        _currentSource = null;
        _subscribers.Tell(new TokenManager.CredentialWithdrawn(withdrawn.Generation));
    }

    private List<(SinchCredentials Credentials, IActorRef? ReportTo)> TakeUpdates(SinchCredentials answered)
    {
        var taken = _updates.Where(u => u.Credentials.SameSecret(answered)).ToList();
        _updates.RemoveAll(u => u.Credentials.SameSecret(answered));
        return taken;
    }

    private bool Usable(IssuedCredential? credential) => credential is not null && credential.IsUsable(_clock);
}
