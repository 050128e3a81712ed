using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Timing;
using Xunit.Abstractions;

namespace SinchActors.Tests.Auth;

/// <summary>The one timer behind every key's refresh, on virtual time: exact due times, and a wave spread at the cap.</summary>
public sealed class RefreshSchedulerSpecs(ITestOutputHelper output) : VirtualTimeTestKit(output)
{
    [Fact]
    public void Each_refresh_is_sent_to_its_manager_exactly_at_its_due_time_in_due_order()
    {
        var sent = Published();
        var scheduler = Sys.ActorOf(RefreshScheduler.Props(Clock, maxPerSecond: 100));
        var (first, second) = (CreateTestProbe(), CreateTestProbe());
        var start = MonotonicDeadline.Now(Clock);
        scheduler.Tell(new RefreshScheduler.ScheduleRefresh(start.Plus(TimeSpan.FromMinutes(48), Clock), Generation: 7), second.Ref);
        scheduler.Tell(new RefreshScheduler.ScheduleRefresh(start.Plus(TimeSpan.FromMinutes(40), Clock), Generation: 3), first.Ref);
        Sync(scheduler);

        Advance(TimeSpan.FromMinutes(40) - TimeSpan.FromTicks(1));
        Sync(scheduler);
        first.ExpectNoMsg(TimeSpan.Zero);
        Advance(TimeSpan.FromTicks(1));
        Assert.Equal(3, first.ExpectMsg<RefreshScheduler.RefreshDue>(Patience).Generation);
        Assert.Equal(new RefreshScheduler.RefreshesSent(Count: 1, Waiting: 1), sent.ExpectMsg<RefreshScheduler.RefreshesSent>(Patience));

        Advance(TimeSpan.FromMinutes(8) - TimeSpan.FromTicks(1));
        Sync(scheduler);
        second.ExpectNoMsg(TimeSpan.Zero);
        Advance(TimeSpan.FromTicks(1));
        Assert.Equal(7, second.ExpectMsg<RefreshScheduler.RefreshDue>(Patience).Generation);
        Assert.Equal(new RefreshScheduler.RefreshesSent(Count: 1, Waiting: 0), sent.ExpectMsg<RefreshScheduler.RefreshesSent>(Patience));
    }

    [Fact]
    public void Refreshes_falling_due_together_leave_one_per_slot_at_the_cap_never_as_a_burst()
    {
        var published = Published();
        var scheduler = Sys.ActorOf(RefreshScheduler.Props(Clock, maxPerSecond: 10)); // a slot every 100 ms
        var manager = CreateTestProbe();
        var due = MonotonicDeadline.After(Clock, TimeSpan.FromSeconds(1));
        for (var generation = 1; generation <= 25; generation++)
            scheduler.Tell(new RefreshScheduler.ScheduleRefresh(due, generation), manager.Ref);
        Sync(scheduler);

        Advance(TimeSpan.FromSeconds(1));
        manager.ExpectMsg<RefreshScheduler.RefreshDue>(Patience);
        Sync(scheduler);
        manager.ExpectNoMsg(TimeSpan.Zero);
        for (var sent = 2; sent <= 25; sent++)
        {
            Advance(TimeSpan.FromMilliseconds(100)); // one slot: exactly one more
            manager.ExpectMsg<RefreshScheduler.RefreshDue>(Patience);
            Sync(scheduler);
            manager.ExpectNoMsg(TimeSpan.Zero);
        }
        var batches = Enumerable.Range(0, 25).Select(_ => published.ExpectMsg<RefreshScheduler.RefreshesSent>(Patience)).ToList();
        Assert.All(batches, batch => Assert.Equal(1, batch.Count));
        Assert.Equal(0, batches[^1].Waiting);
    }

    /// <summary>A probe of the <see cref="RefreshScheduler.RefreshesSent"/> the schedulers publish.</summary>
    private Akka.TestKit.TestProbe Published()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(RefreshScheduler.RefreshesSent));
        return probe;
    }
}
