namespace SinchActors.Auth;

/// <summary>When a token may be handed out and when it is refreshed, measured from when its answer arrived.</summary>
/// <param name="Lifetime">The lifetime used (see <see cref="TokenLifetime.Effective"/>).</param>
/// <param name="UsableFor">Handed out until then: the lifetime less the safety margin.</param>
/// <param name="RefreshAfter">The refresh is due then, always before <paramref name="UsableFor"/> ends.</param>
internal readonly record struct TokenSchedule(TimeSpan Lifetime, TimeSpan UsableFor, TimeSpan RefreshAfter);

/// <summary>
/// What an announced token lifetime means, whatever the server says. Sinch's tokens live about an hour, but gateways,
/// test tenants and other OAuth2 servers issue shorter ones, omit <c>expires_in</c> or announce nonsense:
/// <list type="bullet">
/// <item>absent: <see cref="TokenManagerSettings.DefaultLifetime"/> (RFC 6749 makes <c>expires_in</c> optional);</item>
/// <item>below <see cref="TokenManagerSettings.MinLifetime"/> (0 and negative included): not used, a typed failure
/// (<see cref="TokenFailureKind.LifetimeTooShort"/>) retried with back-off under the key's fetch budget;</item>
/// <item>above <see cref="TokenManagerSettings.MaxLifetime"/>: taken as that.</item>
/// </list>
/// The safety margin scales with the lifetime (the smaller of <see cref="TokenManagerSettings.SafetyMargin"/> and
/// <see cref="TokenManagerSettings.SafetyMarginFraction"/> of it), so a 5 s token is usable for 4.5 s and refreshed
/// at 4 s, and the refresh comes at <see cref="TokenManagerSettings.RefreshFraction"/> of each token's own lifetime.
/// </summary>
internal static class TokenLifetime
{
    /// <summary>The lifetime to use for an announced one (<c>null</c>: absent), or <c>null</c> when it is too short to use.</summary>
    public static TimeSpan? Effective(TimeSpan? announced, TokenManagerSettings settings) => announced switch
    {
        null => settings.DefaultLifetime,
        { } lifetime when lifetime < settings.MinLifetime => null,
        { } lifetime when lifetime > settings.MaxLifetime => settings.MaxLifetime,
        { } lifetime => lifetime,
    };

    /// <summary>The schedule of a token living <paramref name="lifetime"/>; <paramref name="random"/> in [0, 1) places the refresh within its jitter.</summary>
    public static TokenSchedule Schedule(TimeSpan lifetime, TokenManagerSettings settings, double random)
    {
        var scaled = lifetime * settings.SafetyMarginFraction;
        var usable = lifetime - (settings.SafetyMargin < scaled ? settings.SafetyMargin : scaled);
        var refresh = lifetime * (settings.RefreshFraction + (random * 2 - 1) * settings.RefreshJitter);
        return new TokenSchedule(lifetime, usable, refresh < usable ? refresh : usable);
    }
}
