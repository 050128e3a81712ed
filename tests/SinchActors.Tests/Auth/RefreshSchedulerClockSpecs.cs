using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Timing;
using Xunit.Abstractions;

namespace SinchActors.Tests.Auth;

/// <summary>The refresh scheduler on Akka's real scheduler, which refuses a negative delay (the test scheduler does not).</summary>
public sealed class RefreshSchedulerClockSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    [Fact]
    public void A_slot_that_passed_while_the_timer_was_being_armed_fires_at_once_and_no_refresh_is_lost()
    {
        // Every read of this clock is 15 ms later than the one before, as on a busy machine: by the time the scheduler
        // arms its timer for the next slot (20 ms after the one just used), that slot is already in the past.
        var clock = new ReadingAdvancesClock(TimeSpan.FromMilliseconds(15));
        var scheduler = Sys.ActorOf(RefreshScheduler.Props(clock, maxPerSecond: 50));
        var published = CreateTestProbe();
        Sys.EventStream.Subscribe(published.Ref, typeof(RefreshScheduler.RefreshesSent));
        var due = MonotonicDeadline.Now(clock);
        for (var generation = 1; generation <= 3; generation++)
            scheduler.Tell(new RefreshScheduler.ScheduleRefresh(due, generation), TestActor);

        for (var generation = 1; generation <= 3; generation++)
            Assert.Equal(generation, ExpectMsg<RefreshScheduler.RefreshDue>(TimeSpan.FromSeconds(5)).Generation);
        var (count, last) = (0, default(RefreshScheduler.RefreshesSent));
        while (count < 3)
            count += (last = published.ExpectMsg<RefreshScheduler.RefreshesSent>(TimeSpan.FromSeconds(5))).Count;
        Assert.Equal((3, 0), (count, last!.Waiting));
    }

    private sealed class ReadingAdvancesClock(TimeSpan step) : TimeProvider
    {
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _now, step.Ticks);
    }
}
