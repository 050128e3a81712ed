using Akka.Configuration;
using SinchActors.Configuration;
using Row = SinchActors.Configuration.SettingRow<SinchActors.Auth.TokenManagerSettings>;

namespace SinchActors.Auth;

/// <summary>
/// The knobs of a token manager, read from <c>sinch-actors.auth</c>. Their defaults and meaning live only in the
/// reference configuration (<c>hocon/sinch-actors.conf</c>), which also explains the per-key token-request budget.
/// </summary>
internal sealed record TokenManagerSettings
{
    /// <summary>Fraction of a token's lifetime after which it is refreshed (0 &lt; x &lt; 1).</summary>
    public double RefreshFraction { get; init; }

    /// <summary>Random spread of the refresh moment, as a fraction of the lifetime either way.</summary>
    public double RefreshJitter { get; init; }

    /// <summary>
    /// A token this close to its local expiry is never handed out, unless a tenth of its lifetime
    /// (<see cref="SafetyMarginFraction"/>) is smaller.
    /// </summary>
    public TimeSpan SafetyMargin { get; init; }

    /// <summary>The margin never exceeds this fraction of the token's own lifetime, so short tokens stay usable.</summary>
    public double SafetyMarginFraction { get; init; }

    /// <summary>A token announced to live less than this is not used (a typed failure with back-off).</summary>
    public TimeSpan MinLifetime { get; init; }

    /// <summary>A longer announced lifetime is taken as this one.</summary>
    public TimeSpan MaxLifetime { get; init; }

    /// <summary>The lifetime assumed when the answer has no <c>expires_in</c> (RFC 6749 makes it optional).</summary>
    public TimeSpan DefaultLifetime { get; init; }

    /// <summary>The back-off cap of the first retry after a transient failure.</summary>
    public TimeSpan MinBackoff { get; init; }

    /// <summary>The largest back-off between retries after transient failures; also caps the endpoint's <c>Retry-After</c>.</summary>
    public TimeSpan MaxBackoff { get; init; }

    /// <summary>How long to wait before trying a refused key again.</summary>
    public TimeSpan PermanentFailureRetryInterval { get; init; }

    /// <summary>How long one token request may take, waiting for a permit of the global cap included.</summary>
    public TimeSpan FetchTimeout { get; init; }

    /// <summary>Client-side limit of Basic-mode credentials handed out per second, per key.</summary>
    public double BasicRequestsPerSecond { get; init; }

    /// <summary>Token requests a key may make at once beyond scheduled refreshes before <see cref="FetchBudgetPerMinute"/> paces it.</summary>
    public int FetchBudgetBurst { get; init; }

    /// <summary>Token requests per minute a key may make beyond scheduled refreshes once its burst is spent.</summary>
    public double FetchBudgetPerMinute { get; init; }

    /// <summary>The least time between two token requests caused by Sinch rejecting a token (401).</summary>
    public TimeSpan MinRefetchInterval { get; init; }

    /// <summary>
    /// After this many generations in a row were rejected by the API before any call accepted them, the key's
    /// callers fail fast with <see cref="SinchAuthenticationException"/> and only probes fetch tokens.
    /// </summary>
    public int RejectedGenerationsLimit { get; init; }

    /// <summary>How often a key whose tokens the API rejects fetches a token to probe whether it heals.</summary>
    public TimeSpan RejectedProbeInterval { get; init; }

    /// <summary>Every setting of <c>sinch-actors.auth</c>: its key, the property it fills, its kind and its rule.</summary>
    internal static SettingTable<TokenManagerSettings> Table { get; } = new("sinch-actors.auth",
        Row.Of("refresh-fraction", s => s.RefreshFraction, SettingKind.Double, v => v is > 0 and < 1, "must be between 0 and 1"),
        Row.Of("refresh-jitter", s => s.RefreshJitter, SettingKind.Double, (s, v) => v >= 0 && v < Math.Min(s.RefreshFraction, 1 - s.RefreshFraction),
            "must be non-negative and keep the refresh moment inside the lifetime"),
        Row.Of("safety-margin", s => s.SafetyMargin, SettingKind.FiniteDuration, v => v >= TimeSpan.Zero, "must not be negative"),
        Row.Of("safety-margin-fraction", s => s.SafetyMarginFraction, SettingKind.Double, (s, v) => v > 0 && s.RefreshFraction + s.RefreshJitter < 1 - v,
            "must be positive and leave the latest refresh moment (refresh-fraction + refresh-jitter) before the margin"),
        Row.Of("min-lifetime", s => s.MinLifetime, SettingKind.FiniteDuration, v => v >= TimeSpan.FromSeconds(1), "must be at least 1s"),
        Row.Of("max-lifetime", s => s.MaxLifetime, SettingKind.FiniteDuration, (s, v) => v >= s.MinLifetime, "must not be below min-lifetime"),
        Row.Of("default-lifetime", s => s.DefaultLifetime, SettingKind.FiniteDuration, (s, v) => v >= s.MinLifetime && v <= s.MaxLifetime,
            "must be between min-lifetime and max-lifetime"),
        Row.Of("min-backoff", s => s.MinBackoff, SettingKind.FiniteDuration, v => v > TimeSpan.Zero, "must be positive"),
        Row.Of("max-backoff", s => s.MaxBackoff, SettingKind.FiniteDuration, (s, v) => v >= s.MinBackoff, "must not be below min-backoff"),
        Row.Of("permanent-failure-retry-interval", s => s.PermanentFailureRetryInterval, SettingKind.FiniteDuration, v => v > TimeSpan.Zero, "must be positive"),
        Row.Of("fetch-timeout", s => s.FetchTimeout, SettingKind.FiniteDuration, v => v > TimeSpan.Zero, "must be positive"),
        Row.Of("fetch-budget-burst", s => s.FetchBudgetBurst, SettingKind.Int, v => v >= 1, "must be at least 1"),
        Row.Of("fetch-budget-per-minute", s => s.FetchBudgetPerMinute, SettingKind.Double, v => v > 0 && double.IsFinite(v), "must be positive"),
        Row.Of("min-refetch-interval", s => s.MinRefetchInterval, SettingKind.FiniteDuration, v => v >= TimeSpan.Zero, "must not be negative"),
        Row.Of("rejected-generations-limit", s => s.RejectedGenerationsLimit, SettingKind.Int, v => v >= 1, "must be at least 1"),
        Row.Of("rejected-probe-interval", s => s.RejectedProbeInterval, SettingKind.FiniteDuration, v => v > TimeSpan.Zero, "must be positive"),
        Row.Of("basic-requests-per-second", s => s.BasicRequestsPerSecond, SettingKind.Double, v => v > 0, "must be positive"));

    // Declared after the table: static initializers run in order, and reading the defaults reads the table.
    /// <summary>The reference configuration's values (tests derive theirs with <c>with</c>).</summary>
    public static TokenManagerSettings Default { get; } = FromConfig(Config.Empty);

    /// <summary>Reads the settings from a <c>sinch-actors.auth</c> section, the reference configuration's section as its fallback.</summary>
    /// <param name="sinchActorsAuthSection">The <c>sinch-actors.auth</c> section; may be empty.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static TokenManagerSettings FromConfig(Config sinchActorsAuthSection) => Table.Read(sinchActorsAuthSection).Validate();

    /// <summary>Checks every value and returns this instance.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public TokenManagerSettings Validate()
    {
        Table.Validate(this);
        return this;
    }

    /// <summary>
    /// Checks that a token handed out at the full safety margin cannot expire while a call of up to
    /// <paramref name="attemptTimeout"/> (<c>sinch-actors.requests.attempt-timeout</c>) is on its way.
    /// </summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException"><see cref="SafetyMargin"/> is shorter than <paramref name="attemptTimeout"/>.</exception>
    public TokenManagerSettings ValidateAgainst(TimeSpan attemptTimeout)
    {
        Require(SafetyMargin >= attemptTimeout, "safety-margin",
            $"must not be below sinch-actors.requests.attempt-timeout ({attemptTimeout.TotalSeconds:0.###}s), or tokens could expire in transit", SafetyMargin);
        return this;
    }

    private static void Require(bool holds, string key, string rule, object value) =>
        SettingRule.Require(holds, $"{Table.Section}.{key}", rule, value);
}
