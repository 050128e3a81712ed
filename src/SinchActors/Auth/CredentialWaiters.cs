using Akka.Actor;
using SinchActors.Timing;

namespace SinchActors.Auth;

/// <summary>
/// The callers waiting for a key's credential, each with the project that asked and a deadline. Owned by one
/// credential manager actor, as a field used in place (a mutable struct: an idle key pays no object for it);
/// allocates nothing until somebody waits.
/// </summary>
internal struct CredentialWaiters
{
    private List<Waiter>? _waiters;
    private MonotonicDeadline _nextDeadline;

    public readonly int Count => _waiters?.Count ?? 0;

    /// <summary>The earliest deadline of a waiter, <see cref="MonotonicDeadline.Infinite"/> when nobody waits.</summary>
    public readonly MonotonicDeadline NextDeadline => _waiters is null ? MonotonicDeadline.Infinite : _nextDeadline;

    /// <summary>Adds a waiter answered to <paramref name="replyTo"/>; returns whether its deadline is now the earliest.</summary>
    public bool Add(IActorRef replyTo, TokenManager.GetCredential request, MonotonicDeadline deadline)
    {
        var earliest = deadline < NextDeadline;
        (_waiters ??= []).Add(new Waiter(replyTo, request.CorrelationId, request.ProjectId, deadline));
        if (earliest)
            _nextDeadline = deadline;
        return earliest;
    }

    /// <summary>Answers the first <paramref name="count"/> waiters (all when null) with <paramref name="credential"/>.</summary>
    public void Grant(IssuedCredential credential, int? count = null)
    {
        if (_waiters is null)
            return;
        var granted = Math.Min(count ?? _waiters.Count, _waiters.Count);
        for (var i = 0; i < granted; i++)
            _waiters[i].ReplyTo.Tell(new TokenManager.CredentialGranted(_waiters[i].CorrelationId, credential));
        _waiters.RemoveRange(0, granted);
        Trim();
    }

    /// <summary>Fails every waiter with the error <paramref name="errorFor"/> makes for the project it asked for.</summary>
    public void FailAll(Func<string?, SinchException> errorFor)
    {
        if (_waiters is null)
            return;
        foreach (var waiter in _waiters)
            waiter.ReplyTo.Tell(new TokenManager.CredentialFailed(waiter.CorrelationId, errorFor(waiter.ProjectId)));
        _waiters.Clear();
        Trim();
    }

    /// <summary>Fails the waiters whose deadline is not after <paramref name="now"/>.</summary>
    public void FailExpired(MonotonicDeadline now, Func<string?, SinchException> errorFor)
    {
        if (_waiters is null)
            return;
        var kept = 0;
        for (var i = 0; i < _waiters.Count; i++)
        {
            var waiter = _waiters[i];
            if (waiter.Deadline <= now)
                waiter.ReplyTo.Tell(new TokenManager.CredentialFailed(waiter.CorrelationId, errorFor(waiter.ProjectId)));
            else
                _waiters[kept++] = waiter;
        }
        _waiters.RemoveRange(kept, _waiters.Count - kept);
        Trim();
    }

    // Recomputes the earliest deadline and drops the list once empty: an idle key keeps nothing.
    private void Trim()
    {
        var next = MonotonicDeadline.Infinite;
        foreach (var waiter in _waiters!)
            next = MonotonicDeadline.Earliest(next, waiter.Deadline);
        _nextDeadline = next;
        if (_waiters.Count == 0)
            _waiters = null;
    }

    private readonly record struct Waiter(IActorRef ReplyTo, long CorrelationId, string? ProjectId, MonotonicDeadline Deadline);
}
