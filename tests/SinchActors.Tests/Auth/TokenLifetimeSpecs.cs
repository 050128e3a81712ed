using SinchActors.Auth;

namespace SinchActors.Tests.Auth;

/// <summary>The one rule that turns an announced lifetime into when a token stops being handed out and is refreshed.</summary>
public sealed class TokenLifetimeSpecs
{
    private static readonly DateTimeOffset WholeSecond = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TokenManagerSettings Settings = TokenManagerSettings.Default;

    [Theory]
    [InlineData(2_000, 0, 1_000, 900, 800)]
    [InlineData(5_000, 700, 1_000, 3_600, 3_200)]
    [InlineData(10_000, 999, 1_000, 8_100, 7_200)]
    [InlineData(3_600_000, 300, 1_000, 3_569_000, 2_879_200)]
    public void A_lifetime_of_two_seconds_or_more_loses_a_whole_second_wherever_it_was_requested(
        int lifetimeMs, int intoSecondMs, int allowanceMs, int usableMs, int refreshMs)
    {
        var schedule = TokenLifetime.Schedule(TimeSpan.FromMilliseconds(lifetimeMs), WholeSecond.AddMilliseconds(intoSecondMs), Settings, random: 0.5);

        Assert.Equal(Ms(allowanceMs, usableMs, refreshMs), Ms(schedule));
    }

    [Theory]
    [InlineData(1_000, 0, 0, 900, 1_000)]        // requested on the second: refreshed when it ends, 100 ms after its margin began
    [InlineData(1_000, 700, 700, 270, 300)]      // ends at the next second; refreshed then, after its margin began
    [InlineData(1_000, 950, 950, 45, 50)]
    [InlineData(1_500, 200, 200, 1_170, 1_040)]  // 80% of what is left is past the next second already
    [InlineData(1_500, 900, 900, 540, 480)]
    public void A_lifetime_under_two_seconds_loses_what_had_passed_of_its_second_and_is_never_refreshed_within_that_second(
        int lifetimeMs, int intoSecondMs, int allowanceMs, int usableMs, int refreshMs)
    {
        var schedule = TokenLifetime.Schedule(TimeSpan.FromMilliseconds(lifetimeMs), WholeSecond.AddMilliseconds(intoSecondMs), Settings, random: 0.5);

        Assert.Equal(Ms(allowanceMs, usableMs, refreshMs), Ms(schedule));
        // A token requested within the same second would end with this one.
        Assert.InRange(WholeSecond.AddMilliseconds(intoSecondMs) + schedule.RefreshAfter, WholeSecond.AddSeconds(1), DateTimeOffset.MaxValue);
    }

    [Theory]
    [InlineData(0.0, 0.75)]
    [InlineData(0.999999, 0.85)]
    public void The_refresh_jitter_spreads_the_refresh_over_5_percent_either_way_of_what_is_left(double random, double fraction)
    {
        var schedule = TokenLifetime.Schedule(TimeSpan.FromSeconds(101), WholeSecond, Settings, random);

        Assert.Equal(100 * fraction, schedule.RefreshAfter.TotalSeconds, precision: 3);
    }

    private static (double, double, double) Ms(int allowance, int usable, int refresh) => (allowance, usable, refresh);

    private static (double, double, double) Ms(TokenSchedule schedule) =>
        (Math.Round(schedule.ServerClockAllowance.TotalMilliseconds, 3), Math.Round(schedule.UsableFor.TotalMilliseconds, 3),
            Math.Round(schedule.RefreshAfter.TotalMilliseconds, 3));
}
