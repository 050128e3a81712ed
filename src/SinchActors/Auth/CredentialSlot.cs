namespace SinchActors.Auth;

/// <summary>
/// The node-local token cache of one project: the token manager publishes its current credential here and
/// workers read it lock-free, asking the manager only on a miss. The token manager is the only writer.
/// </summary>
internal sealed class CredentialSlot
{
    private IssuedCredential? _current;

    /// <summary>Creates an empty slot.</summary>
    /// <param name="clock">
    /// The monotonic clock both this slot and its token manager use for expiry (only
    /// <see cref="TimeProvider.GetTimestamp"/> is read); <see cref="TimeProvider.System"/> when null.
    /// Tests pass a virtual clock.
    /// </param>
    public CredentialSlot(TimeProvider? clock = null)
    {
        Clock = clock ?? TimeProvider.System;
    }

    /// <summary>The clock the slot and its token manager share, so both agree when a token stops being usable.</summary>
    internal TimeProvider Clock { get; }

    /// <summary>Returns the current credential unless the slot is empty or the token is within its safety margin.</summary>
    /// <param name="credential">The credential when found; otherwise null.</param>
    /// <returns>Whether a usable credential was found.</returns>
    public bool TryGet(out IssuedCredential credential)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && Clock.GetTimestamp() < current.UsableUntilTimestamp)
        {
            credential = current;
            return true;
        }

        credential = null!;
        return false;
    }

    internal void Publish(IssuedCredential credential) => Volatile.Write(ref _current, credential);

    internal void Clear() => Volatile.Write(ref _current, null);
}
