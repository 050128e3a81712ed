namespace SinchActors.Auth;

/// <summary>When a token may be handed out and when it is refreshed, counted from the moment its request was sent.</summary>
/// <param name="Lifetime">The lifetime used (see <see cref="TokenLifetime.Effective"/>).</param>
/// <param name="ServerClockAllowance">What the server's whole-second clock may have taken off it before it was issued.</param>
/// <param name="UsableFor">Handed out until then: the lifetime less the allowance, less the safety margin.</param>
/// <param name="RefreshAfter">The refresh is due then: before <paramref name="UsableFor"/> ends, except for lifetimes under 2 s (see <see cref="TokenLifetime"/>).</param>
internal readonly record struct TokenSchedule(TimeSpan Lifetime, TimeSpan ServerClockAllowance, TimeSpan UsableFor, TimeSpan RefreshAfter);

/// <summary>
/// What an announced token lifetime means, whatever the server says, and the one rule that turns it into the moments a
/// token stops being handed out and is refreshed. Sinch's tokens live about an hour, but gateways, test tenants and
/// other OAuth2 servers issue shorter ones, omit <c>expires_in</c> or announce nonsense:
/// <list type="bullet">
/// <item>absent: <see cref="TokenManagerSettings.DefaultLifetime"/> (RFC 6749 makes <c>expires_in</c> optional);</item>
/// <item>below <see cref="TokenManagerSettings.MinLifetime"/> (0 and negative included): not used, a typed failure
/// (<see cref="TokenFailureKind.LifetimeTooShort"/>) retried with back-off under the key's fetch budget;</item>
/// <item>above <see cref="TokenManagerSettings.MaxLifetime"/>: taken as that.</item>
/// </list>
/// <para>
/// A lifetime is counted from the moment the token request was sent, never from its answer: the server started it
/// later than that, however long the round trip. Most servers also start it at the issuing second rounded down
/// (<c>exp = iat + expires_in</c> with a whole-second <c>iat</c>), up to 1 s before they issued the token, so that second
/// is taken off: a 5 s token is counted as 4 s from the send. A lifetime under 2 s cannot spare a whole second; for it
/// the runtime trusts its own clock to agree with the server's (to within the safety margin) and takes off only the part
/// of the second that had passed when the request was sent: a 1 s token requested at 12:00:00.700 is taken to end at
/// 12:00:01.000.
/// </para>
/// <para>
/// Of what remains, the safety margin is the smaller of <see cref="TokenManagerSettings.SafetyMargin"/> and
/// <see cref="TokenManagerSettings.SafetyMarginFraction"/> of it, and the refresh comes at
/// <see cref="TokenManagerSettings.RefreshFraction"/> (± <see cref="TokenManagerSettings.RefreshJitter"/>) of it: a 5 s
/// token is handed out for 3.6 s and refreshed at 3.2 s after its request. A refresh is never sent within the second
/// its token was requested in when the lifetime is under 2 s: a token requested in that second would end with it. So a
/// 1 s token is refreshed when it ends, and its callers wait from its margin until the next token arrives (with a
/// whole-second server no 1 s token can outlive the second it was issued in). Scheduled refreshes are outside the fetch
/// budget and its refetch floor, so every lifetime from <see cref="TokenManagerSettings.MinLifetime"/> is refreshed in
/// time, at most one request per token.
/// </para>
/// </summary>
internal static class TokenLifetime
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>The lifetime to use for an announced one (<c>null</c>: absent), or <c>null</c> when it is too short to use.</summary>
    public static TimeSpan? Effective(TimeSpan? announced, TokenManagerSettings settings) => announced switch
    {
        null => settings.DefaultLifetime,
        { } lifetime when lifetime < settings.MinLifetime => null,
        { } lifetime when lifetime > settings.MaxLifetime => settings.MaxLifetime,
        { } lifetime => lifetime,
    };

    /// <summary>The schedule of a token living <paramref name="lifetime"/>, counted from its request's send.</summary>
    /// <param name="lifetime">An effective lifetime (at least 1 s, as <c>min-lifetime</c> is validated).</param>
    /// <param name="sentAtUtc">When the request was sent, on the runtime's clock (<see cref="TimeProvider.GetUtcNow"/>).</param>
    /// <param name="settings">The margin and refresh settings.</param>
    /// <param name="random">In [0, 1): places the refresh within its jitter.</param>
    public static TokenSchedule Schedule(TimeSpan lifetime, DateTimeOffset sentAtUtc, TokenManagerSettings settings, double random)
    {
        var intoSecond = TimeSpan.FromTicks(sentAtUtc.UtcTicks % TimeSpan.TicksPerSecond);
        var wholeSecondSpared = lifetime >= 2 * Second;
        var allowance = wholeSecondSpared ? Second : intoSecond;
        var remaining = lifetime - allowance;
        var scaled = remaining * settings.SafetyMarginFraction;
        var usable = remaining - (settings.SafetyMargin < scaled ? settings.SafetyMargin : scaled);
        var refresh = remaining * (settings.RefreshFraction + (random * 2 - 1) * settings.RefreshJitter);
        if (!wholeSecondSpared && refresh < Second - intoSecond)
            refresh = Second - intoSecond;
        return new TokenSchedule(lifetime, allowance, usable, refresh);
    }
}
