using System.Diagnostics;

namespace SinchActors.Cli.Load;

/// <summary>
/// Caps the rate at which calls start (for runs against a real account): every caller reserves the next free
/// start slot, 1/rate apart, and waits for it.
/// </summary>
internal sealed class RequestPacer(double requestsPerSecond)
{
    private readonly long _interval = (long)(Stopwatch.Frequency / requestsPerSecond);
    private long _nextSlot = Stopwatch.GetTimestamp();

    public async ValueTask WaitAsync(CancellationToken ct)
    {
        long slot;
        long next;
        do
        {
            next = Interlocked.Read(ref _nextSlot);
            slot = Math.Max(next, Stopwatch.GetTimestamp());
        } while (Interlocked.CompareExchange(ref _nextSlot, slot + _interval, next) != next);

        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), slot);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, ct);
    }
}
