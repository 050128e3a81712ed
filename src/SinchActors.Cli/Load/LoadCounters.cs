using System.Collections.Concurrent;

namespace SinchActors.Cli.Load;

/// <summary>Live counters of a load run, updated by the callers without locks and read by the progress display.</summary>
internal sealed class LoadCounters
{
    private readonly long[] _byOperation = new long[Enum.GetValues<LoadOperation>().Length];
    private long _submitted;
    private long _completed;
    private long _succeeded;
    private long _failed;
    private long _cancelled;
    private long _retries;

    public long Submitted => Interlocked.Read(ref _submitted);
    public long Completed => Interlocked.Read(ref _completed);
    public long Succeeded => Interlocked.Read(ref _succeeded);
    public long Failed => Interlocked.Read(ref _failed);
    public long Cancelled => Interlocked.Read(ref _cancelled);

    /// <summary>Attempts beyond the first, from <c>SinchResponse.Attempts</c> and <c>SinchDeadlineExceededException.Attempts</c>.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public long InFlight => Submitted - Completed;

    public ConcurrentDictionary<string, long> FailuresByKind { get; } = new(StringComparer.Ordinal);

    /// <summary>The first failure of each kind, for the verdict's explanation.</summary>
    public ConcurrentDictionary<string, Exception> FailureSamples { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<LoadOperation, long> ByOperation =>
        Enum.GetValues<LoadOperation>().ToDictionary(o => o, o => Interlocked.Read(ref _byOperation[(int)o]));

    public void OnSubmitted() => Interlocked.Increment(ref _submitted);

    public void OnSucceeded(LoadOperation operation, int attempts)
    {
        Interlocked.Increment(ref _byOperation[(int)operation]);
        if (attempts > 1)
            Interlocked.Add(ref _retries, attempts - 1);
        Interlocked.Increment(ref _succeeded);
        Interlocked.Increment(ref _completed);
    }

    public void OnFailed(LoadOperation operation, Exception exception)
    {
        Interlocked.Increment(ref _byOperation[(int)operation]);
        if (exception is SinchDeadlineExceededException { Attempts: > 1 } deadline)
            Interlocked.Add(ref _retries, deadline.Attempts - 1);
        var kind = FailureKinds.Of(exception);
        FailureSamples.TryAdd(kind, exception);
        FailuresByKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _failed);
        Interlocked.Increment(ref _completed);
    }

    public void OnCancelled()
    {
        Interlocked.Increment(ref _cancelled);
        Interlocked.Increment(ref _completed);
    }
}
