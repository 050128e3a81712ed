using System.Diagnostics;

namespace SinchActors.Benchmarks;

/// <summary>What one closed-loop load run measured.</summary>
/// <param name="CpuMicrosPerCall">
/// The process's CPU time (every thread: callers, client and the in-process emulator) per completed call. Unlike the
/// rate it does not move with what else the machine runs, so same-run differences show a side's added cost.
/// </param>
internal sealed record LoadResult(long Completed, long Failed, double Seconds, double MedianMicros, double P99Micros, double CpuMicrosPerCall)
{
    public double PerSecond => Completed / Seconds;
}

/// <summary>
/// A closed loop: <c>concurrency</c> callers each send the next call as soon as the previous one answers, for a
/// fixed time. Latencies are kept per caller, so the loop itself takes no locks.
/// </summary>
internal static class LoadLoop
{
    public static async Task<LoadResult> RunAsync(Func<Task> call, int concurrency, TimeSpan duration)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var callers = new Task<(List<long> Latencies, long Failed)>[concurrency];
        var started = Stopwatch.GetTimestamp();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < concurrency; i++)
            callers[i] = Task.Run(() => CallUntilAsync(call, stopAt));
        var results = await Task.WhenAll(callers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var all = results.SelectMany(r => r.Latencies).ToArray();
        Array.Sort(all);
        return new LoadResult(all.Length, results.Sum(r => r.Failed), seconds, ToMicros(Percentile(all, 0.50)), ToMicros(Percentile(all, 0.99)),
            all.Length == 0 ? 0 : cpu.TotalMicroseconds / all.Length);
    }

    private static async Task<(List<long>, long)> CallUntilAsync(Func<Task> call, long stopAt)
    {
        var latencies = new List<long>(64 * 1024);
        long failed = 0;
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await call();
                latencies.Add(Stopwatch.GetTimestamp() - start);
            }
            catch (Exception)
            {
                failed++;
            }
        }
        return (latencies, failed);
    }

    private static long Percentile(long[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];

    private static double ToMicros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
