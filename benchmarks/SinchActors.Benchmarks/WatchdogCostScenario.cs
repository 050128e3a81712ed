using System.Diagnostics;

namespace SinchActors.Benchmarks;

/// <summary>
/// What the deadline watchdog costs per request: arming and disarming one timer on <see cref="TimeProvider.System"/>,
/// exactly as <c>RequestCompletion</c> does (a static callback, the completion as state).
/// </summary>
internal static class WatchdogCostScenario
{
    public static void Run()
    {
        const int Count = 200_000;
        var state = new object();
        for (var i = 0; i < 10_000; i++)
            ArmAndDisarm(state);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < Count; i++)
            ArmAndDisarm(state);
        elapsed.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine("# watchdog: arm and disarm one deadline timer per request (TimeProvider.System)");
        Console.WriteLine($"allocated {allocated / (double)Count:0} B per request, {elapsed.Elapsed.TotalNanoseconds / Count:0} ns per request (one thread)");
    }

    private static void ArmAndDisarm(object state) =>
        TimeProvider.System.CreateTimer(static _ => { }, state, TimeSpan.FromSeconds(32), Timeout.InfiniteTimeSpan).Dispose();
}
