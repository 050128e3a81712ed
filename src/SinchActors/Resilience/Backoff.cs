namespace SinchActors.Resilience;

/// <summary>
/// Exponential back-off with jitter: the one formula the token managers and the request pipeline share. Randomness
/// comes in as a number in [0, 1), so callers inject their random source and tests pin exact delays.
/// </summary>
internal static class Backoff
{
    /// <summary>The cap of retry <paramref name="retry"/> (1-based): <c>min(max, base · 2^(retry − 1))</c>.</summary>
    public static TimeSpan Exponential(int retry, TimeSpan baseDelay, TimeSpan max)
    {
        var ticks = baseDelay.Ticks * Math.Pow(2, Math.Clamp(retry - 1, 0, 62));
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Full jitter: a random wait in [0, cap). Spreads many clients best; used for token requests.</summary>
    public static TimeSpan FullJitter(int retry, TimeSpan baseDelay, TimeSpan max, double random) =>
        Exponential(retry, baseDelay, max) * random;

    /// <summary>Equal jitter: half the cap fixed, half random, so a retry never comes at once; used for API requests.</summary>
    public static TimeSpan EqualJitter(int retry, TimeSpan baseDelay, TimeSpan max, double random)
    {
        var cap = Exponential(retry, baseDelay, max);
        return cap / 2 + cap / 2 * random;
    }

    /// <summary>The server's <c>Retry-After</c> when it asks for longer than <paramref name="computed"/>, capped by <paramref name="max"/>.</summary>
    public static TimeSpan HonourRetryAfter(TimeSpan computed, TimeSpan? retryAfter, TimeSpan max) =>
        retryAfter is { } serverSays && serverSays > computed ? (serverSays < max ? serverSays : max) : computed;
}
