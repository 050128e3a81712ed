namespace SinchActors.Requests;

/// <summary>
/// Counts the calls the <see cref="RequestIntake"/> took whose callers are not answered yet (task not completed,
/// reply not sent). Shutdown awaits <see cref="AllAnsweredAsync"/>, so no caller is answered after the runtime has
/// stopped. One interlocked add per call and one per answer; nothing allocated per call.
/// </summary>
internal sealed class OutstandingCalls
{
    private readonly TaskCompletionSource _allAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private int _closed;

    /// <summary>Calls taken and not answered.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>A call was taken; before the intake looks at whether it still admits, so shutdown cannot miss it.</summary>
    public void Taken() => Interlocked.Increment(ref _count);

    /// <summary>A call's caller was answered (after its task completed or its reply was sent).</summary>
    public void Answered()
    {
        // The decrement is a full fence: the read of _closed cannot move before it.
        if (Interlocked.Decrement(ref _count) == 0 && Volatile.Read(ref _closed) != 0)
            _allAnswered.TrySetResult();
    }

    /// <summary>
    /// Completes once every call taken is answered. Call it only after the intake stopped admitting: a call taken
    /// later is refused at once, so a zero count then means everything is answered.
    /// </summary>
    public Task AllAnsweredAsync()
    {
        // The exchange is a full fence, the other half of Answered's: one of the two sees the other's write.
        Interlocked.Exchange(ref _closed, 1);
        if (Count == 0)
            _allAnswered.TrySetResult();
        return _allAnswered.Task;
    }
}
