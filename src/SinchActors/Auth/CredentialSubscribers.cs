using Akka.Actor;

namespace SinchActors.Auth;

/// <summary>
/// The actors a token manager pushes its credentials to (<see cref="TokenManager.SubscribeCredentials"/>): each new
/// generation as it is issued, each withdrawal as it happens, and the end when the manager stops. Allocates nothing
/// until somebody subscribes.
/// </summary>
internal sealed class CredentialSubscribers
{
    private List<IActorRef>? _subscribers;

    /// <summary>Adds <paramref name="subscriber"/>; <c>false</c> when it already was one.</summary>
    public bool Add(IActorRef subscriber)
    {
        if (_subscribers?.Contains(subscriber) == true)
            return false;
        (_subscribers ??= []).Add(subscriber);
        return true;
    }

    public bool Remove(IActorRef subscriber)
    {
        if (_subscribers is null || !_subscribers.Remove(subscriber))
            return false;
        if (_subscribers.Count == 0)
            _subscribers = null;
        return true;
    }

    public void Tell(object message)
    {
        if (_subscribers is null)
            return;
        foreach (var subscriber in _subscribers)
            subscriber.Tell(message);
    }
}
