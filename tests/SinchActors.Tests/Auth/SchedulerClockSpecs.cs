using Akka.Actor;
using Xunit.Abstractions;

namespace SinchActors.Tests.Auth;

/// <summary>Pins down which clocks the TestScheduler moves, because token expiry depends on that choice.</summary>
public sealed class SchedulerClockSpecs(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    [Fact]
    public void Advancing_the_TestScheduler_moves_Now_but_not_the_MonotonicClock()
    {
        var monotonicBefore = Scheduler.MonotonicClock;
        var nowBefore = Scheduler.Now;

        Advance(TimeSpan.FromHours(1));

        // IScheduler.MonotonicClock stays on real time under the TestScheduler, so the token manager cannot use it
        // for expiry in virtual-time tests; it reads a TimeProvider instead, which the tests back with Scheduler.Now.
        Assert.True(Scheduler.MonotonicClock - monotonicBefore < TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromHours(1), Scheduler.Now - nowBefore);
    }

    [Fact]
    public void One_advance_fires_timers_and_moves_the_clock_together()
    {
        var start = Clock.GetTimestamp();
        Scheduler.ScheduleTellOnce(TimeSpan.FromMinutes(5), TestActor, "due", ActorRefs.NoSender);

        Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        // The TestScheduler runs due work inside Advance, so an early "due" would already be queued.
        Assert.False(HasMessages);
        Advance(TimeSpan.FromTicks(1));

        ExpectMsg("due");
        Assert.Equal(TimeSpan.FromMinutes(5), Clock.GetElapsedTime(start));
    }
}
