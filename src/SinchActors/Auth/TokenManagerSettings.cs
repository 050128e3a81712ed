using Akka.Configuration;
using SinchActors.Configuration;

namespace SinchActors.Auth;

/// <summary>
/// The knobs of a token manager, read from <c>sinch-actors.auth</c>. Their defaults and meaning live only in the
/// reference configuration (<c>hocon/sinch-actors.conf</c>), which also explains the per-key token-request budget.
/// </summary>
internal sealed record TokenManagerSettings
{
    /// <summary>The reference configuration's values (tests derive theirs with <c>with</c>).</summary>
    public static TokenManagerSettings Default { get; } = FromConfig(Config.Empty);

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

    /// <summary>Reads the settings from a <c>sinch-actors.auth</c> section, the reference configuration's section as its fallback.</summary>
    /// <param name="sinchActorsAuthSection">The <c>sinch-actors.auth</c> section; may be empty.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static TokenManagerSettings FromConfig(Config sinchActorsAuthSection)
    {
        ArgumentNullException.ThrowIfNull(sinchActorsAuthSection);
        var c = sinchActorsAuthSection.WithFallback(SinchActorsConfig.Reference.GetConfig("sinch-actors.auth"));
        return new TokenManagerSettings
        {
            RefreshFraction = c.GetDouble("refresh-fraction"),
            RefreshJitter = c.GetDouble("refresh-jitter"),
            SafetyMargin = c.GetTimeSpan("safety-margin", null, allowInfinite: false),
            SafetyMarginFraction = c.GetDouble("safety-margin-fraction"),
            MinLifetime = c.GetTimeSpan("min-lifetime", null, allowInfinite: false),
            MaxLifetime = c.GetTimeSpan("max-lifetime", null, allowInfinite: false),
            DefaultLifetime = c.GetTimeSpan("default-lifetime", null, allowInfinite: false),
            MinBackoff = c.GetTimeSpan("min-backoff", null, allowInfinite: false),
            MaxBackoff = c.GetTimeSpan("max-backoff", null, allowInfinite: false),
            PermanentFailureRetryInterval = c.GetTimeSpan("permanent-failure-retry-interval", null, allowInfinite: false),
            FetchTimeout = c.GetTimeSpan("fetch-timeout", null, allowInfinite: false),
            BasicRequestsPerSecond = c.GetDouble("basic-requests-per-second"),
            FetchBudgetBurst = c.GetInt("fetch-budget-burst"),
            FetchBudgetPerMinute = c.GetDouble("fetch-budget-per-minute"),
            MinRefetchInterval = c.GetTimeSpan("min-refetch-interval", null, allowInfinite: false),
            RejectedGenerationsLimit = c.GetInt("rejected-generations-limit"),
            RejectedProbeInterval = c.GetTimeSpan("rejected-probe-interval", null, allowInfinite: false),
        }.Validate();
    }

    /// <summary>Checks every value and returns this instance.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public TokenManagerSettings Validate()
    {
        Require(RefreshFraction is > 0 and < 1, "refresh-fraction", "must be between 0 and 1", RefreshFraction);
        Require(RefreshJitter >= 0 && RefreshJitter < Math.Min(RefreshFraction, 1 - RefreshFraction), "refresh-jitter",
            "must be non-negative and keep the refresh moment inside the lifetime", RefreshJitter);
        Require(SafetyMargin >= TimeSpan.Zero, "safety-margin", "must not be negative", SafetyMargin);
        Require(SafetyMarginFraction > 0 && RefreshFraction + RefreshJitter < 1 - SafetyMarginFraction, "safety-margin-fraction",
            "must be positive and leave the latest refresh moment (refresh-fraction + refresh-jitter) before the margin", SafetyMarginFraction);
        Require(MinLifetime >= TimeSpan.FromSeconds(1), "min-lifetime", "must be at least 1s", MinLifetime);
        Require(MaxLifetime >= MinLifetime, "max-lifetime", "must not be below min-lifetime", MaxLifetime);
        Require(DefaultLifetime >= MinLifetime && DefaultLifetime <= MaxLifetime, "default-lifetime",
            "must be between min-lifetime and max-lifetime", DefaultLifetime);
        Require(MinBackoff > TimeSpan.Zero, "min-backoff", "must be positive", MinBackoff);
        Require(MaxBackoff >= MinBackoff, "max-backoff", "must not be below min-backoff", MaxBackoff);
        Require(PermanentFailureRetryInterval > TimeSpan.Zero, "permanent-failure-retry-interval", "must be positive", PermanentFailureRetryInterval);
        Require(FetchTimeout > TimeSpan.Zero, "fetch-timeout", "must be positive", FetchTimeout);
        Require(BasicRequestsPerSecond > 0, "basic-requests-per-second", "must be positive", BasicRequestsPerSecond);
        Require(FetchBudgetBurst >= 1, "fetch-budget-burst", "must be at least 1", FetchBudgetBurst);
        Require(FetchBudgetPerMinute > 0 && double.IsFinite(FetchBudgetPerMinute), "fetch-budget-per-minute", "must be positive", FetchBudgetPerMinute);
        Require(MinRefetchInterval >= TimeSpan.Zero, "min-refetch-interval", "must not be negative", MinRefetchInterval);
        Require(RejectedGenerationsLimit >= 1, "rejected-generations-limit", "must be at least 1", RejectedGenerationsLimit);
        Require(RejectedProbeInterval > TimeSpan.Zero, "rejected-probe-interval", "must be positive", RejectedProbeInterval);
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
        SettingRule.Require(holds, "sinch-actors.auth." + key, rule, value);
}
