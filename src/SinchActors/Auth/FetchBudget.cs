namespace SinchActors.Auth;

/// <summary>Why a token manager wants to send a token request.</summary>
internal enum FetchCause
{
    /// <summary>A caller needs a token and there is none (first use, after passivation, after a refused update).</summary>
    Cold,
    /// <summary>The refresh at <see cref="TokenManagerSettings.RefreshFraction"/> of a token's lifetime (treated as <see cref="RefreshPolicy"/> says).</summary>
    Refresh,
    /// <summary>The previous request failed transiently.</summary>
    Retry,
    /// <summary>Sinch rejected the current token (401).</summary>
    Rejection,
    /// <summary>A refused key or a key whose tokens the API rejects is tried again.</summary>
    Probe,
    /// <summary>The key's secret was updated.</summary>
    Update,
}

/// <summary>
/// The per-key token-request budget, the one place it is enforced. Every token request of a key other than a
/// scheduled refresh (one per token issued, outside it as <see cref="RefreshPolicy"/> says) spends from a bucket of <see cref="TokenManagerSettings.FetchBudgetBurst"/>
/// refilled at <see cref="TokenManagerSettings.FetchBudgetPerMinute"/>, so whatever the servers answer a key sends at
/// most burst + per-minute × minutes of them (6 + 12 a minute by default). Rejection-driven requests are also at least
/// <see cref="TokenManagerSettings.MinRefetchInterval"/> apart, and the streak of generations the API rejected before
/// accepting any call tells the manager when to stop fetching and fail fast.
/// </summary>
internal sealed class FetchBudget(TokenManagerSettings settings, TimeProvider clock)
{
    private double _tokens = settings.FetchBudgetBurst;
    private long _refilledAt = clock.GetTimestamp();
    private long _lastRejectionFetch = long.MinValue;

    /// <summary>Generations in a row that Sinch rejected before any call accepted them.</summary>
    public int RejectedStreak { get; private set; }

    /// <summary>How long a request for <paramref name="cause"/> must wait; zero when it may start now.</summary>
    public TimeSpan WaitFor(FetchCause cause)
    {
        if (RefreshPolicy.IsOutsideBudget(cause))
            return TimeSpan.Zero;
        var now = clock.GetTimestamp();
        Refill(now);
        var wait = _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromMinutes((1 - _tokens) / settings.FetchBudgetPerMinute);
        if (cause == FetchCause.Rejection && _lastRejectionFetch != long.MinValue)
        {
            var floor = settings.MinRefetchInterval - clock.GetElapsedTime(_lastRejectionFetch, now);
            if (floor > wait)
                wait = floor;
        }
        return wait;
    }

    /// <summary>Records a request started for <paramref name="cause"/>; call only once <see cref="WaitFor"/> is zero.</summary>
    public void Spend(FetchCause cause)
    {
        if (RefreshPolicy.IsOutsideBudget(cause))
            return;
        var now = clock.GetTimestamp();
        Refill(now);
        _tokens = Math.Max(0, _tokens - 1);
        if (cause == FetchCause.Rejection)
            _lastRejectionFetch = now;
    }

    /// <summary>Records that Sinch rejected a generation; <c>true</c> when the key should now fail fast.</summary>
    /// <param name="wasAccepted">Whether any call succeeded with it first (then the rejection is spurious or a revocation, not a pattern).</param>
    public bool Rejected(bool wasAccepted)
    {
        RejectedStreak = wasAccepted ? 0 : RejectedStreak + 1;
        return RejectedStreak >= settings.RejectedGenerationsLimit;
    }

    private void Refill(long now)
    {
        var earned = clock.GetElapsedTime(_refilledAt, now).TotalMinutes * settings.FetchBudgetPerMinute;
        _tokens = Math.Min(settings.FetchBudgetBurst, _tokens + earned);
        _refilledAt = now;
    }
}
