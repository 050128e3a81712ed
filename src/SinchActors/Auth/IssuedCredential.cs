using System.Diagnostics;
using System.Net.Http.Headers;
using SinchActors.Timing;

namespace SinchActors.Auth;

/// <summary>
/// What a worker puts on the wire: the <c>Authorization</c> header of one token (or of Basic mode).
/// Immutable and built once per token, so reading it on the hot path allocates nothing.
/// </summary>
internal sealed class IssuedCredential
{
    private int _accepted;

    internal IssuedCredential(long generation, AuthenticationHeaderValue authorization, MonotonicDeadline usableUntil, Akka.Actor.IActorRef? issuer = null,
        string? keyId = null)
    {
        Issuer = issuer;
        KeyId = keyId;
        Generation = generation;
        Authorization = authorization;
        UsableUntil = usableUntil;
    }

    /// <summary>The token manager that issued it: a 401 is reported there, even after the project moved to another key.</summary>
    internal Akka.Actor.IActorRef? Issuer { get; }

    /// <summary>The access key the token belongs to, when the issuer names it.</summary>
    internal string? KeyId { get; }

    /// <summary>1, 2, 3… per token manager; 0 for Basic mode. Report it back in <see cref="TokenManager.TokenRejected"/>.</summary>
    public long Generation { get; }

    /// <summary>The ready-made header: <c>Bearer {token}</c>, or <c>Basic {id:secret}</c> in Basic mode.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public AuthenticationHeaderValue Authorization { get; }

    /// <summary>
    /// The moment on the runtime's clock from which on the credential must no longer be handed out: its expiry as
    /// <see cref="TokenLifetime"/> counts it, minus the safety margin.
    /// </summary>
    internal MonotonicDeadline UsableUntil { get; }

    /// <summary>Whether it may still be handed out, on the runtime's <paramref name="clock"/>.</summary>
    internal bool IsUsable(TimeProvider clock) => !UsableUntil.HasPassed(clock);

    /// <summary>Whether a call sent with it got an answer other than 401 (see <see cref="ReportAccepted"/>).</summary>
    internal bool WasAccepted => Volatile.Read(ref _accepted) != 0;

    /// <summary>
    /// Notes that Sinch answered a call sent with this credential with anything but 401. Its token manager reads it
    /// when the generation is later rejected: a rejection after acceptance is spurious or a revocation, a rejection
    /// before any is the pattern of an API that rejects the key's tokens. A plain read first, so busy callers do not
    /// bounce the cache line.
    /// </summary>
    internal void ReportAccepted()
    {
        if (Volatile.Read(ref _accepted) == 0)
            Volatile.Write(ref _accepted, 1);
    }

    /// <summary>Describes the credential without the token.</summary>
    public override string ToString() => $"IssuedCredential({Authorization.Scheme} ***, generation {Generation})";
}
