using System.Diagnostics;
using SinchActors.Requests;

namespace SinchActors.Benchmarks;

/// <summary>
/// What the deadline watchdog costs per request: watching and unwatching one request in the runtime's
/// <see cref="DeadlineSweeper"/>, as <c>RequestCompletion</c> does, against what it replaced, arming and disarming one
/// timer per request on <see cref="TimeProvider.System"/>.
/// </summary>
internal static class WatchdogCostScenario
{
    private const int Count = 200_000;

    public static void Run()
    {
        var state = new object();
        Measure("a timer per request (before)", () =>
            TimeProvider.System.CreateTimer(static _ => { }, state, TimeSpan.FromSeconds(32), Timeout.InfiniteTimeSpan).Dispose());
        using var shutdown = new CancellationTokenSource();
        var sweeper = new DeadlineSweeper(TimeProvider.System, shutdown.Token);
        var request = new TaskRequestCompletion();
        Measure("the runtime's DeadlineSweeper (now)", () =>
        {
            sweeper.Add(request, TimeSpan.FromSeconds(32));
            DeadlineSweeper.Remove(request);
        });
        shutdown.Cancel();
    }

    private static void Measure(string what, Action watchAndUnwatch)
    {
        for (var i = 0; i < 10_000; i++)
            watchAndUnwatch();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < Count; i++)
            watchAndUnwatch();
        elapsed.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"# watchdog, {what}: {allocated / (double)Count:0} B and {elapsed.Elapsed.TotalNanoseconds / Count:0} ns per request (one thread)");
    }
}
