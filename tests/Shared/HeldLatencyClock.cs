namespace SinchActors.Testing;

/// <summary>
/// The emulator's clock for specs that need answers held on the server until they let them go: the time is the
/// system's, but an injected latency (the only timer the emulator starts) does not elapse on its own. A spec awaits
/// the moment its requests are all held (<see cref="HeldAsync"/>), so they are surely on the wire, then releases
/// those of one latency (<see cref="Release"/>). Shared by the test assemblies as a linked source file.
/// </summary>
internal sealed class HeldLatencyClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<HeldDelay> _held = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var delay = new HeldDelay(this, callback, state, dueTime);
        lock (_gate)
        {
            _held.Add(delay);
            foreach (var waiter in _waiters.FindAll(waiter => waiter.Count <= _held.Count))
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
        return delay;
    }

    /// <summary>Completes once at least <paramref name="count"/> requests are held at the same time.</summary>
    public Task HeldAsync(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_held.Count >= count)
                return Task.CompletedTask;
            _waiters.Add((count, reached));
        }
        return reached.Task;
    }

    /// <summary>Lets every request held for <paramref name="latency"/> go on (from the thread pool); returns how many.</summary>
    public int Release(TimeSpan latency) => Release(delay => delay.Latency == latency);

    /// <summary>Lets every held request go on, so the emulator's stop does not wait for them.</summary>
    public int ReleaseAll() => Release(_ => true);

    private int Release(Predicate<HeldDelay> which)
    {
        HeldDelay[] due;
        lock (_gate)
        {
            due = _held.FindAll(which).ToArray();
            _held.RemoveAll(which);
        }
        foreach (var delay in due)
            ThreadPool.UnsafeQueueUserWorkItem(static delay => delay.Fire(), delay, preferLocal: false);
        return due.Length;
    }

    private void Forget(HeldDelay delay)
    {
        lock (_gate)
            _held.Remove(delay);
    }

    /// <summary>One injected latency, fired only by <see cref="Release"/>; disposed when its request is aborted.</summary>
    private sealed class HeldDelay(HeldLatencyClock clock, TimerCallback callback, object? state, TimeSpan latency) : ITimer
    {
        public TimeSpan Latency { get; } = latency;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose() => clock.Forget(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
