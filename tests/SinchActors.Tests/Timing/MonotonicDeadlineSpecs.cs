using Microsoft.Extensions.Time.Testing;
using SinchActors.Timing;

namespace SinchActors.Tests.Timing;

/// <summary>The one monotonic-deadline type: how durations become clock ticks, and when a moment has passed.</summary>
public sealed class MonotonicDeadlineSpecs
{
    private readonly FakeTimeProvider _clock = new(); // 10,000,000 ticks a second

    [Fact]
    public void A_deadline_after_a_duration_is_that_many_clock_ticks_from_now()
    {
        var now = _clock.GetTimestamp();

        var deadline = MonotonicDeadline.After(_clock, TimeSpan.FromMilliseconds(1500));

        Assert.Equal(now + 15_000_000, deadline.Timestamp);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), deadline.Remaining(_clock));
    }

    [Fact]
    public void A_deadline_has_passed_once_the_clock_reads_it_not_a_tick_before()
    {
        var deadline = MonotonicDeadline.After(_clock, TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        Assert.False(deadline.HasPassed(_clock));
        Assert.Equal(TimeSpan.FromTicks(1), deadline.Delay(_clock));

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(deadline.HasPassed(_clock));
        Assert.Equal(TimeSpan.Zero, deadline.Delay(_clock));
    }

    [Fact]
    public void After_it_passed_the_remaining_time_is_negative_and_a_timer_for_it_waits_zero()
    {
        var deadline = MonotonicDeadline.After(_clock, TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(-2), deadline.Remaining(_clock));
        Assert.Equal(TimeSpan.Zero, deadline.Delay(_clock));
    }

    [Fact]
    public void A_negative_duration_is_now_not_a_moment_in_the_past()
    {
        var now = _clock.GetTimestamp();

        Assert.Equal(now, MonotonicDeadline.After(_clock, TimeSpan.FromSeconds(-5)).Timestamp);
        Assert.Equal(0, MonotonicDeadline.Ticks(TimeSpan.FromSeconds(-5), _clock));
    }

    [Theory]
    [InlineData(1L)]                       // even a tick from a clock's start
    [InlineData(long.MaxValue / 2)]        // a clock that has run long
    [InlineData(long.MaxValue - 1)]
    public void A_duration_too_long_for_the_clock_is_clamped_to_infinite_never_wrapped_into_the_past(long from)
    {
        var deadline = new MonotonicDeadline(from).Plus(TimeSpan.MaxValue, _clock);

        Assert.True(deadline.IsInfinite);
        Assert.Equal(MonotonicDeadline.Infinite, deadline);
        Assert.True(deadline > new MonotonicDeadline(from));
    }

    [Fact]
    public void Adding_ticks_that_would_overflow_is_infinite_and_ticks_that_fit_are_exact()
    {
        var late = new MonotonicDeadline(long.MaxValue - 10);

        Assert.Equal(new MonotonicDeadline(long.MaxValue - 1), late.PlusTicks(9));
        Assert.True(late.PlusTicks(10).IsInfinite);
        Assert.True(late.PlusTicks(long.MaxValue).IsInfinite);
        Assert.Equal(long.MaxValue, MonotonicDeadline.Ticks(TimeSpan.MaxValue, new FastClock()));
    }

    [Fact]
    public void Infinite_never_passes_and_stays_infinite_whatever_is_added()
    {
        _clock.Advance(TimeSpan.FromDays(10_000));

        Assert.False(MonotonicDeadline.Infinite.HasPassed(_clock));
        Assert.True(MonotonicDeadline.Infinite.Plus(TimeSpan.FromSeconds(1), _clock).IsInfinite);
        Assert.Equal("infinite", MonotonicDeadline.Infinite.ToString());
    }

    [Fact]
    public void A_moment_before_any_clock_start_plus_a_second_stays_in_the_past()
    {
        var never = new MonotonicDeadline(long.MinValue / 2);

        var allowedAt = never.Plus(TimeSpan.FromSeconds(1), _clock);

        Assert.False(allowedAt.IsInfinite);
        Assert.True(allowedAt.HasPassed(_clock));
    }

    [Fact]
    public void Moments_order_by_their_timestamp()
    {
        var (early, late) = (new MonotonicDeadline(5), new MonotonicDeadline(7));

        Assert.True(early < late && late > early && early <= new MonotonicDeadline(5) && late >= new MonotonicDeadline(7));
        Assert.Equal(early, MonotonicDeadline.Earliest(late, early));
        Assert.Equal(late, MonotonicDeadline.Latest(early, late));
        Assert.Equal(TimeSpan.FromTicks(2), early.Until(late, _clock));
        Assert.Equal(-1, early.CompareTo(late));
    }

    [Fact]
    public void Durations_convert_on_the_clock_s_own_frequency()
    {
        var clock = new FastClock(); // a nanosecond clock, as Stopwatch on Linux

        Assert.Equal(250_000_000, MonotonicDeadline.Ticks(TimeSpan.FromMilliseconds(250), clock));
        Assert.Equal(TimeSpan.FromMilliseconds(250), new MonotonicDeadline(0).Until(new MonotonicDeadline(250_000_000), clock));
    }

    [Fact]
    public void Making_comparing_and_reading_deadlines_allocates_nothing()
    {
        var clock = new FastClock();
        var passed = 0;
        Exercise(clock, ref passed); // JIT first
        var before = GC.GetAllocatedBytesForCurrentThread();

        Exercise(clock, ref passed);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2_000, passed);
    }

    private static void Exercise(TimeProvider clock, ref int passed)
    {
        for (var i = 0; i < 1_000; i++)
        {
            var deadline = MonotonicDeadline.After(clock, TimeSpan.FromMilliseconds(i + 1));
            if (!deadline.HasPassed(clock) && deadline.Remaining(clock) >= TimeSpan.Zero && deadline.Delay(clock) >= TimeSpan.Zero
                && MonotonicDeadline.Earliest(deadline, MonotonicDeadline.Infinite) == deadline)
                passed++;
        }
    }

    private sealed class FastClock : TimeProvider
    {
        public override long TimestampFrequency => 1_000_000_000;

        public override long GetTimestamp() => 1;
    }
}
