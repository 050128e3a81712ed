namespace SinchActors.Timing;

/// <summary>
/// A moment on a <see cref="TimeProvider"/>'s monotonic clock, in its <see cref="TimeProvider.GetTimestamp"/> ticks: a
/// request's deadline, the end of a token's usable time, when a refresh or a token request is due. The one place a
/// duration becomes clock ticks, so every site clamps alike: a duration too long to fit is <see cref="Infinite"/> (it
/// never passes) instead of wrapping into the past, and a negative one is the moment it was counted from.
/// </summary>
/// <remarks>
/// A readonly struct over one <see cref="long"/>: storing or passing one allocates nothing and costs what the raw
/// timestamp did. It does not hold its clock, so the time source stays injected where it was (the runtime's
/// <see cref="TimeProvider"/>) and every moment compared with another must come from the same clock.
/// </remarks>
/// <param name="Timestamp">The moment, in ticks of the clock it came from.</param>
internal readonly record struct MonotonicDeadline(long Timestamp) : IComparable<MonotonicDeadline>
{
    /// <summary>A moment that never comes: a waiter without a deadline, a timer not armed.</summary>
    public static MonotonicDeadline Infinite => new(long.MaxValue);

    /// <summary>Whether this is <see cref="Infinite"/>.</summary>
    public bool IsInfinite => Timestamp == long.MaxValue;

    /// <summary>The clock's current moment.</summary>
    public static MonotonicDeadline Now(TimeProvider clock) => new(clock.GetTimestamp());

    /// <summary><paramref name="duration"/> from now on <paramref name="clock"/> (clamped as <see cref="Plus"/> says).</summary>
    public static MonotonicDeadline After(TimeProvider clock, TimeSpan duration) => Now(clock).Plus(duration, clock);

    /// <summary>
    /// <paramref name="duration"/> after this moment: <see cref="Infinite"/> when that does not fit in the clock's ticks
    /// (or this is infinite), this moment when <paramref name="duration"/> is negative.
    /// </summary>
    public MonotonicDeadline Plus(TimeSpan duration, TimeProvider clock) => PlusTicks(Ticks(duration, clock));

    /// <summary><paramref name="ticks"/> (not negative) of the clock after this moment, <see cref="Infinite"/> when that does not fit.</summary>
    public MonotonicDeadline PlusTicks(long ticks) =>
        ticks == long.MaxValue || (Timestamp > 0 && ticks >= long.MaxValue - Timestamp) ? Infinite : new(Timestamp + ticks);

    /// <summary><paramref name="duration"/> in ticks of <paramref name="clock"/>: 0 when negative, <see cref="long.MaxValue"/> when it does not fit.</summary>
    public static long Ticks(TimeSpan duration, TimeProvider clock)
    {
        var ticks = duration.TotalSeconds * clock.TimestampFrequency;
        return ticks >= long.MaxValue ? long.MaxValue : (long)Math.Max(0, ticks);
    }

    /// <summary>Whether this moment has come on <paramref name="clock"/> (it has passed once the clock reads it).</summary>
    public bool HasPassed(TimeProvider clock) => clock.GetTimestamp() >= Timestamp;

    /// <summary>The time left until this moment: zero or negative once it passed.</summary>
    public TimeSpan Remaining(TimeProvider clock) => clock.GetElapsedTime(clock.GetTimestamp(), Timestamp);

    /// <summary>The time left until this moment, zero once it passed: what a timer for it waits (timers refuse negative delays).</summary>
    public TimeSpan Delay(TimeProvider clock)
    {
        var remaining = Remaining(clock);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>The time from this moment to <paramref name="later"/> (negative when it is earlier).</summary>
    public TimeSpan Until(MonotonicDeadline later, TimeProvider clock) => clock.GetElapsedTime(Timestamp, later.Timestamp);

    /// <summary>The earlier of two moments.</summary>
    public static MonotonicDeadline Earliest(MonotonicDeadline a, MonotonicDeadline b) => a.Timestamp <= b.Timestamp ? a : b;

    /// <summary>The later of two moments.</summary>
    public static MonotonicDeadline Latest(MonotonicDeadline a, MonotonicDeadline b) => a.Timestamp >= b.Timestamp ? a : b;

    public int CompareTo(MonotonicDeadline other) => Timestamp.CompareTo(other.Timestamp);

    public static bool operator <(MonotonicDeadline a, MonotonicDeadline b) => a.Timestamp < b.Timestamp;

    public static bool operator >(MonotonicDeadline a, MonotonicDeadline b) => a.Timestamp > b.Timestamp;

    public static bool operator <=(MonotonicDeadline a, MonotonicDeadline b) => a.Timestamp <= b.Timestamp;

    public static bool operator >=(MonotonicDeadline a, MonotonicDeadline b) => a.Timestamp >= b.Timestamp;

    /// <summary>The raw timestamp, or <c>infinite</c>.</summary>
    public override string ToString() => IsInfinite ? "infinite" : Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
