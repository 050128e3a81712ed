using SinchActors.Timing;

namespace SinchActors.Requests;

/// <summary>
/// The runtime's one watchdog over admitted requests, instead of a timer per request: a hashed timing wheel of
/// <see cref="SlotCount"/> slots, <see cref="Interval"/> apart, each an intrusive list of unanswered requests (no
/// allocation to add or remove one). Every <see cref="Interval"/> the slots that came due are swept and each request
/// past its due time is expired; a request is therefore answered between its due time and one interval after it.
/// When the runtime shuts down it fails every request still held, and any admitted after that at once.
/// </summary>
internal sealed class DeadlineSweeper
{
    /// <summary>How coarse the watch is: a request is expired at most this long after it fell due.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private const int SlotCount = 256; // one turn of the wheel: 64 s; a later due time waits in its slot for its turn

    private readonly TimeProvider _time;
    private readonly CancellationToken _shutdown;
    private readonly Slot[] _slots = new Slot[SlotCount];
    private readonly MonotonicDeadline _origin;
    private readonly long _intervalTicks;
    private readonly ITimer _timer;
    private long _swept = -1; // the last wheel tick swept

    public DeadlineSweeper(TimeProvider time, CancellationToken shutdown)
    {
        _time = time;
        _shutdown = shutdown;
        for (var i = 0; i < SlotCount; i++)
            _slots[i] = new Slot();
        _origin = MonotonicDeadline.Now(time);
        _intervalTicks = MonotonicDeadline.Ticks(Interval, time);
        _timer = time.CreateTimer(static state => ((DeadlineSweeper)state!).Sweep(), this, Interval, Interval);
        shutdown.UnsafeRegister(static state => ((DeadlineSweeper)state!).FailAll(), this);
    }

    /// <summary>Watches <paramref name="request"/>: it is expired once <paramref name="after"/> has passed, unless removed first.</summary>
    public void Add(RequestCompletion request, TimeSpan after)
    {
        var due = MonotonicDeadline.After(_time, after);
        var wheelTick = WheelTick(due, roundUp: true); // the first sweep at or after the due time
        var slot = _slots[wheelTick % SlotCount];
        request.WatchDue = due;
        lock (slot)
        {
            request.WatchNext = slot.Head;
            if (slot.Head is not null)
                slot.Head.WatchPrevious = request;
            slot.Head = request;
            Volatile.Write(ref request.WatchSlot, slot);
        }
        if (_shutdown.IsCancellationRequested)
            request.FailWithShutdown(); // shut down meanwhile: FailAll may have swept this slot already
    }

    /// <summary>Stops watching <paramref name="request"/> (answered); nothing if it is not watched.</summary>
    public static void Remove(RequestCompletion request)
    {
        if (Volatile.Read(ref request.WatchSlot) is not { } slot)
            return;
        lock (slot)
        {
            if (request.WatchSlot == slot)
                Unlink(slot, request);
        }
    }

    private void Sweep()
    {
        var now = MonotonicDeadline.Now(_time);
        var current = WheelTick(now, roundUp: false);
        lock (_slots) // one sweep at a time: a slow one must not overlap the next
        {
            var from = Math.Max(_swept + 1, current - SlotCount + 1); // behind by a turn or more: every slot once
            for (var tick = from; tick <= current; tick++)
                Expire(Take(_slots[tick % SlotCount], now));
            _swept = Math.Max(_swept, current);
        }
    }

    private void FailAll()
    {
        _timer.Dispose();
        foreach (var slot in _slots)
        {
            for (var request = Take(slot, MonotonicDeadline.Infinite); request is not null;)
            {
                var next = request.WatchNext;
                request.WatchNext = null;
                request.FailWithShutdown();
                request = next;
            }
        }
    }

    /// <summary>Unlinks the slot's requests due by <paramref name="now"/> and returns them as a list through <see cref="RequestCompletion.WatchNext"/>.</summary>
    private static RequestCompletion? Take(Slot slot, MonotonicDeadline now)
    {
        RequestCompletion? taken = null;
        lock (slot)
        {
            for (var request = slot.Head; request is not null;)
            {
                var next = request.WatchNext;
                if (request.WatchDue <= now)
                {
                    Unlink(slot, request);
                    request.WatchNext = taken;
                    taken = request;
                }
                request = next;
            }
        }
        return taken;
    }

    /// <summary>The sweeps since the wheel started at <paramref name="moment"/>: the one at or after it, or the last one before it.</summary>
    private long WheelTick(MonotonicDeadline moment, bool roundUp) =>
        (moment.Timestamp - _origin.Timestamp + (roundUp ? _intervalTicks - 1 : 0)) / _intervalTicks;

    private static void Expire(RequestCompletion? request)
    {
        while (request is not null)
        {
            var next = request.WatchNext;
            request.WatchNext = null;
            request.Expire(); // completing calls Remove, which finds it unlinked
            request = next;
        }
    }

    private static void Unlink(Slot slot, RequestCompletion request)
    {
        if (request.WatchPrevious is { } previous)
            previous.WatchNext = request.WatchNext;
        else
            slot.Head = request.WatchNext;
        if (request.WatchNext is { } next)
            next.WatchPrevious = request.WatchPrevious;
        request.WatchPrevious = request.WatchNext = null;
        Volatile.Write(ref request.WatchSlot, null);
    }

    /// <summary>One slot of the wheel: its requests, locked by the slot itself.</summary>
    internal sealed class Slot
    {
        public RequestCompletion? Head;
    }
}
