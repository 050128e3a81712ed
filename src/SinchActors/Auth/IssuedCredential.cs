using System.Diagnostics;
using System.Net.Http.Headers;

namespace SinchActors.Auth;

/// <summary>
/// What a worker puts on the wire: the <c>Authorization</c> header of one token (or of Basic mode).
/// Immutable and built once per token, so reading it on the hot path allocates nothing.
/// </summary>
public sealed class IssuedCredential
{
    internal IssuedCredential(long generation, AuthenticationHeaderValue authorization, long usableUntilTimestamp, Akka.Actor.IActorRef? issuer = null)
    {
        Issuer = issuer;
        Generation = generation;
        Authorization = authorization;
        UsableUntilTimestamp = usableUntilTimestamp;
    }

    /// <summary>The token manager that issued it: a 401 is reported there, even after the project moved to another key.</summary>
    internal Akka.Actor.IActorRef? Issuer { get; }

    /// <summary>1, 2, 3… per token manager; 0 for Basic mode. Report it back in <see cref="TokenManager.TokenRejected"/>.</summary>
    public long Generation { get; }

    /// <summary>The ready-made header: <c>Bearer {token}</c>, or <c>Basic {id:secret}</c> in Basic mode.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public AuthenticationHeaderValue Authorization { get; }

    /// <summary>
    /// The clock timestamp (see <see cref="CredentialSlot"/>) from which on the credential must no longer be
    /// handed out: local expiry minus the safety margin.
    /// </summary>
    internal long UsableUntilTimestamp { get; }

    /// <summary>Describes the credential without the token.</summary>
    public override string ToString() => $"IssuedCredential({Authorization.Scheme} ***, generation {Generation})";
}
