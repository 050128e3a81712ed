using System.Diagnostics;

namespace SinchActors.Auth;

/// <summary>A token as the endpoint granted it. <see cref="ToString"/> never shows the token.</summary>
internal sealed class TokenGrant
{
    /// <summary>Creates a grant.</summary>
    /// <param name="accessToken">The bearer token.</param>
    /// <param name="lifetime">The lifetime the endpoint announced (<c>expires_in</c>); <c>null</c> when it announced none.</param>
    public TokenGrant(string accessToken, TimeSpan? lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        AccessToken = accessToken;
        Lifetime = lifetime;
    }

    /// <summary>The bearer token. Never logged or shown.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string AccessToken { get; }

    /// <summary>
    /// The lifetime the endpoint announced; <c>null</c> when it announced none. Taken as announced: the token manager
    /// decides what an absent, too short or too long one means and counts it from when the request was sent
    /// (<see cref="TokenLifetime"/>).
    /// </summary>
    public TimeSpan? Lifetime { get; }

    /// <summary>Describes the grant without the token.</summary>
    public override string ToString() => $"TokenGrant(*** for {(Lifetime is { } l ? l.ToString() : "an unannounced lifetime")})";
}
