namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>
/// The documented per-key token request budget, in one place so the numbers follow the token manager's documentation:
/// scheduled refreshes (one per lifetime begun, a refresh coming at <c>refresh-fraction − refresh-jitter</c> of what
/// the server's whole second leaves of the lifetime at the earliest) plus at most one rejection-driven refetch per token generation, those at least
/// <see cref="MinRefetchInterval"/> apart.
/// </summary>
internal static class TokenBudget
{
    /// <summary>The earliest refresh, as a fraction of the lifetime counted (reference configuration: 0.8 − 0.05).</summary>
    public const double EarliestRefreshFraction = 0.75;

    /// <summary>
    /// The least time between two scheduled refreshes: that fraction of the lifetime less the server's whole second
    /// (a lifetime under 2 s is refreshed once a second at most).
    /// </summary>
    public static TimeSpan EarliestRefresh(TimeSpan lifetime) =>
        lifetime >= TimeSpan.FromSeconds(2) ? (lifetime - TimeSpan.FromSeconds(1)) * EarliestRefreshFraction : TimeSpan.FromSeconds(1);

    /// <summary>The least time between two rejection-driven refetches of one key (<c>sinch-actors.auth.min-refetch-interval</c>).</summary>
    public static readonly TimeSpan MinRefetchInterval = TimeSpan.FromSeconds(5);

    /// <summary>Tokens one key may be issued over <paramref name="elapsed"/>.</summary>
    /// <param name="elapsed">How long the key was in use.</param>
    /// <param name="lifetime">The token lifetime the endpoint announces.</param>
    /// <param name="rejections">401s the API answered for the key's projects (each may cost one refetch).</param>
    public static long Issued(TimeSpan elapsed, TimeSpan lifetime, long rejections)
    {
        var scheduled = (long)Math.Ceiling(elapsed / EarliestRefresh(lifetime));
        var refetches = MinRefetchInterval > TimeSpan.Zero
            ? Math.Min(rejections, (long)(elapsed / MinRefetchInterval) + 1)
            : rejections;
        return 1 + scheduled + refetches;
    }

    /// <summary>
    /// Token requests one key may send when the endpoint fails a <paramref name="failureRate"/> share of them: the
    /// tokens it may be issued, each after its expected failed tries, with a factor of 2 against chance.
    /// </summary>
    public static long Requests(TimeSpan elapsed, TimeSpan lifetime, long rejections, double failureRate) =>
        (long)Math.Ceiling(2 * Issued(elapsed, lifetime, rejections) / (1 - failureRate));
}
