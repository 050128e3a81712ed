using Akka.Actor;
using Akka.Event;
using SinchActors.Timing;

namespace SinchActors.Auth;

/// <summary>
/// The one timer behind the scheduled refreshes of every token manager of a runtime. A manager serving a token tells
/// it <see cref="ScheduleRefresh"/> (when, on the runtime's clock, and for which generation); at that time the
/// scheduler tells the manager <see cref="RefreshDue"/>. Keys cost an entry in a priority queue instead of a timer
/// each (about 500 B per idle key less), and refreshes leave at most <c>max-token-requests-per-second</c> a second,
/// evenly spaced: refreshes that fall due together (keys warmed in one burst) are spread, never sent as a burst.
/// A manager that no longer wants a refresh ignores it (its generation moved on); nothing is cancelled. Each batch sent
/// is published on the event stream as <see cref="RefreshesSent"/>, so whoever watches the refresh wave (a benchmark,
/// a spec, an operator's listener) sees it without asking the scheduler.
/// </summary>
internal sealed class RefreshScheduler : UntypedActor, IWithTimers
{
    private const string TickTimer = "tick";

    private readonly TimeProvider _clock;
    private readonly long _spacing;                  // clock ticks between two refreshes sent
    private readonly long _catchUp;                  // clock ticks of slots a late timer may still use: 20 ms (the scheduler ticks every 10 ms)
    private readonly PriorityQueue<Entry, MonotonicDeadline> _due = new();
    private MonotonicDeadline _nextSlot;             // the earliest the next refresh may be sent
    private MonotonicDeadline _armedFor = MonotonicDeadline.Infinite; // when the tick timer fires

    public RefreshScheduler(TimeProvider clock, double maxPerSecond)
    {
        _clock = clock;
        _spacing = Math.Max(1, (long)Math.Ceiling(clock.TimestampFrequency / maxPerSecond));
        _catchUp = MonotonicDeadline.Ticks(TimeSpan.FromMilliseconds(20), clock);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the scheduler; <paramref name="maxPerSecond"/> refreshes a second at most.</summary>
    public static Props Props(TimeProvider clock, double maxPerSecond)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPerSecond);
        return Akka.Actor.Props.Create(() => new RefreshScheduler(clock, maxPerSecond));
    }

    /// <summary>Refresh the sender's token <paramref name="Generation"/> at <paramref name="DueAt"/> (on the runtime's clock).</summary>
    public sealed record ScheduleRefresh(MonotonicDeadline DueAt, long Generation);

    /// <summary>The refresh of <paramref name="Generation"/> is due. A manager that stopped meanwhile is no dead-letter worth logging.</summary>
    public sealed record RefreshDue(long Generation) : IDeadLetterSuppression;

    /// <summary>Published on the event stream when refreshes were sent: how many, and how many still wait for their time or slot.</summary>
    public sealed record RefreshesSent(int Count, int Waiting);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private readonly record struct Entry(IActorRef Manager, long Generation);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ScheduleRefresh schedule:
                _due.Enqueue(new Entry(Sender, schedule.Generation), schedule.DueAt);
                Dispatch();
                break;
            case Tick:
                _armedFor = MonotonicDeadline.Infinite;
                Dispatch();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Sends the refreshes that are due, one per slot, and arms the timer for the next.</summary>
    private void Dispatch()
    {
        var now = MonotonicDeadline.Now(_clock);
        var sent = 0;
        // Slots missed by a late timer (the scheduler ticks every 10 ms) are still used; after a pause the slots start now.
        if (_nextSlot.PlusTicks(_catchUp) < now)
            _nextSlot = now;
        while (_due.TryPeek(out var entry, out var dueAt) && dueAt <= now && _nextSlot <= now)
        {
            _due.Dequeue();
            entry.Manager.Tell(new RefreshDue(entry.Generation));
            _nextSlot = _nextSlot.PlusTicks(_spacing);
            sent++;
        }
        if (sent > 0)
            Context.System.EventStream.Publish(new RefreshesSent(sent, _due.Count));
        if (!_due.TryPeek(out _, out var next))
            return;
        var wakeAt = MonotonicDeadline.Latest(next, _nextSlot);
        if (wakeAt >= _armedFor)
            return;
        _armedFor = wakeAt;
        // Read the clock again: time may have moved while the refreshes were sent, and the timer counts from now. It
        // may even have passed the slot: the timer then fires at once (Akka refuses a negative delay, and the restart
        // that would follow loses every refresh waiting here).
        Timers.StartSingleTimer(TickTimer, Tick.Instance, wakeAt.Delay(_clock));
    }
}
