using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SinchActors.Benchmarks;

/// <summary>
/// Bytes allocated per request (P6): the same GET through a raw <see cref="HttpClient"/> with a pre-fetched token and
/// through <c>ISinchClient.SendAsync</c>, against the in-process emulator. Target: SinchActors ≤ raw + 1,024 B.
/// First a quick probe (every thread's allocations over <c>--calls</c> sequential calls of each side, emulator
/// included on both sides so it cancels out), then BenchmarkDotNet's memory diagnoser on
/// <see cref="RequestLatencyBenchmarks"/> (short run), whose figures are the ones recorded.
/// </summary>
internal static class AllocationScenario
{
    public static BenchArgs Defaults { get; } = BenchArgs.Default with { Calls = 20_000 };

    private const long AllowedExtraBytes = 1_024;

    public static async Task RunAsync(BenchArgs args)
    {
        var (probeRaw, probeSinch) = await ProbeAsync(args.Calls);
        Console.WriteLine($"# allocation probe: {args.Calls:N0} sequential calls each, all threads (emulator included on both sides)");
        Console.WriteLine($"raw HttpClient {probeRaw:N0} B/op   SinchActors {probeSinch:N0} B/op   difference {probeSinch - probeRaw:N0} B");

        var summary = BenchmarkRunner.Run<RequestLatencyBenchmarks>();
        var raw = BytesPerOperation(summary, nameof(RequestLatencyBenchmarks.RawHttpClient));
        var sinch = BytesPerOperation(summary, nameof(RequestLatencyBenchmarks.SinchActors));
        var met = sinch <= raw + AllowedExtraBytes;
        Console.WriteLine($"# allocation (BenchmarkDotNet memory diagnoser, short run)");
        Console.WriteLine($"raw HttpClient {raw:N0} B/op   SinchActors {sinch:N0} B/op   difference {sinch - raw:N0} B   target <= +{AllowedExtraBytes:N0} B: {(met ? "met" : "NOT met")}");
        BenchResults.Write("allocation",
            inputs: new { probeCalls = args.Calls, job = "BenchmarkDotNet ShortRun, MemoryDiagnoser" },
            outputs: new
            {
                rawBytesPerOp = raw, sinchBytesPerOp = sinch, differenceBytes = sinch - raw,
                probeRawBytesPerOp = probeRaw, probeSinchBytesPerOp = probeSinch,
            },
            target: $"SinchActors allocated bytes/op <= raw HttpClient + {AllowedExtraBytes:N0} B", met);
    }

    private static long BytesPerOperation(Summary summary, string method)
    {
        var report = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
        return report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase)
            ?? throw new InvalidOperationException($"BenchmarkDotNet measured no allocations for {method}.");
    }

    private static async Task<(long Raw, long Sinch)> ProbeAsync(int calls)
    {
        await using var env = await BenchEnvironment.StartAsync(maxInFlight: 1_000);
        await MeasureAsync(env.RawCallAsync, 2_000);
        await MeasureAsync(env.SinchCallAsync, 2_000);
        return (await MeasureAsync(env.RawCallAsync, calls), await MeasureAsync(env.SinchCallAsync, calls));
    }

    private static async Task<long> MeasureAsync(Func<Task> call, int calls)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++)
            await call();
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / calls;
    }
}
