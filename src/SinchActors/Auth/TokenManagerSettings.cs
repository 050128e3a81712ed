using Akka.Configuration;

namespace SinchActors.Auth;

/// <summary>
/// The knobs of a token manager; the documented defaults live in the <c>sinch-actors.auth</c> block of the
/// reference HOCON (<c>hocon/sinch-actors.conf</c>).
/// </summary>
public sealed record TokenManagerSettings
{
    /// <summary>The defaults, equal to the reference HOCON.</summary>
    public static TokenManagerSettings Default { get; } = new();

    /// <summary>Fraction of a token's lifetime after which it is refreshed (0 &lt; x &lt; 1). Default 0.8.</summary>
    public double RefreshFraction { get; init; } = 0.8;

    /// <summary>Random spread of the refresh moment, as a fraction of the lifetime either way. Default 0.05.</summary>
    public double RefreshJitter { get; init; } = 0.05;

    /// <summary>A token this close to its local expiry is never handed out. Default 30 s.</summary>
    public TimeSpan SafetyMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The back-off cap of the first retry after a transient failure. Default 200 ms.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest back-off cap between retries after transient failures. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait before trying a refused key again. Default 1 min.</summary>
    public TimeSpan PermanentFailureRetryInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one token request may take; used by whoever builds the <see cref="TokenClient"/>. Default 10 s.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Client-side limit of Basic-mode credentials handed out per second, per key. Default 5.</summary>
    public double BasicRequestsPerSecond { get; init; } = 5;

    /// <summary>Reads the settings from the <c>sinch-actors.auth</c> section; missing keys keep their defaults.</summary>
    /// <param name="sinchActorsAuthSection">The <c>sinch-actors.auth</c> section.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static TokenManagerSettings FromConfig(Config sinchActorsAuthSection)
    {
        ArgumentNullException.ThrowIfNull(sinchActorsAuthSection);
        var c = sinchActorsAuthSection;
        var d = Default;
        return new TokenManagerSettings
        {
            RefreshFraction = c.GetDouble("refresh-fraction", d.RefreshFraction),
            RefreshJitter = c.GetDouble("refresh-jitter", d.RefreshJitter),
            SafetyMargin = c.GetTimeSpan("safety-margin", d.SafetyMargin, allowInfinite: false),
            MinBackoff = c.GetTimeSpan("min-backoff", d.MinBackoff, allowInfinite: false),
            MaxBackoff = c.GetTimeSpan("max-backoff", d.MaxBackoff, allowInfinite: false),
            PermanentFailureRetryInterval = c.GetTimeSpan("permanent-failure-retry-interval", d.PermanentFailureRetryInterval, allowInfinite: false),
            FetchTimeout = c.GetTimeSpan("fetch-timeout", d.FetchTimeout, allowInfinite: false),
            BasicRequestsPerSecond = c.GetDouble("basic-requests-per-second", d.BasicRequestsPerSecond),
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
        Require(MinBackoff > TimeSpan.Zero, "min-backoff", "must be positive", MinBackoff);
        Require(MaxBackoff >= MinBackoff, "max-backoff", "must not be below min-backoff", MaxBackoff);
        Require(PermanentFailureRetryInterval > TimeSpan.Zero, "permanent-failure-retry-interval", "must be positive", PermanentFailureRetryInterval);
        Require(FetchTimeout > TimeSpan.Zero, "fetch-timeout", "must be positive", FetchTimeout);
        Require(BasicRequestsPerSecond > 0, "basic-requests-per-second", "must be positive", BasicRequestsPerSecond);
        return this;
    }

    private static void Require(bool holds, string key, string rule, object value) =>
        Hosting.SettingRule.Require(holds, "sinch-actors.auth." + key, rule, value);
}
