using System.Collections.Concurrent;

namespace SinchActors.Requests;

/// <summary>
/// The per-attempt timeout, without a Polly pipeline: a <see cref="CancellationTokenSource"/> on the runtime's clock,
/// cancelled after the attempt's timeout or with the caller's cancellation, and reset and reused for the next
/// attempt (<see cref="CancellationTokenSource.TryReset"/>), so a warm attempt allocates no source, timer or linked
/// token. A source that fired, or whose timer may have, is never reused.
/// </summary>
internal sealed class AttemptTimeouts(TimeProvider time)
{
    // More than the attempts in flight at once is never needed; a source returned beyond it is dropped.
    private const int MaxPooled = 1_024;

    private readonly ConcurrentQueue<CancellationTokenSource> _pool = new();

    /// <summary>Starts an attempt's timeout; <see cref="End"/> it when the attempt is over, whatever happened.</summary>
    public Lease Start(TimeSpan timeout, CancellationToken caller)
    {
        if (!_pool.TryDequeue(out var source))
            source = time == TimeProvider.System ? new CancellationTokenSource() : new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        source.CancelAfter(timeout);
        var registration = caller.CanBeCanceled
            ? caller.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source)
            : default;
        return new Lease(source, registration, caller);
    }

    /// <summary>Ends the attempt's timeout and keeps its source for another attempt when it can be reset.</summary>
    public void End(in Lease lease)
    {
        // Dispose, not Unregister: once it returns the caller's callback has run or never will, so it cannot cancel the next user.
        lease.Registration.Dispose();
        if (lease.Source.TryReset() && _pool.Count < MaxPooled)
            _pool.Enqueue(lease.Source);
        else
            lease.Source.Dispose();
    }

    /// <summary>One attempt's timeout: cancel the HTTP call with <see cref="Token"/>.</summary>
    internal readonly record struct Lease(CancellationTokenSource Source, CancellationTokenRegistration Registration, CancellationToken Caller)
    {
        public CancellationToken Token => Source.Token;

        /// <summary>Whether the attempt was cut short by its timeout rather than by the caller.</summary>
        public bool TimedOut => Source.IsCancellationRequested && !Caller.IsCancellationRequested;
    }
}
