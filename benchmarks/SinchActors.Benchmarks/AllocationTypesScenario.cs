using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace SinchActors.Benchmarks;

/// <summary>
/// Where the bytes of <see cref="AllocationScenario"/> go: the runtime's allocation-tick events (one per ~100 KB
/// allocated, naming the type that crossed it) over <c>--calls</c> sequential calls of each side, summed by type,
/// largest differences first. A sample, so small types are noisy; run 100,000 calls for a stable picture.
/// </summary>
internal static class AllocationTypesScenario
{
    public static BenchArgs Defaults { get; } = BenchArgs.Default with { Calls = 100_000 };

    public static async Task RunAsync(BenchArgs args)
    {
        await using var env = await BenchEnvironment.StartAsync(maxInFlight: 1_000);
        for (var i = 0; i < 5_000; i++)
        {
            await env.RawCallAsync();
            await env.SinchCallAsync();
        }
        using var listener = new AllocationTicks();
        var raw = await listener.SampleAsync(env.RawCallAsync, args.Calls);
        var sinch = await listener.SampleAsync(env.SinchCallAsync, args.Calls);
        Console.WriteLine($"# allocation by type, sampled over {args.Calls:N0} calls each (B/op; all threads, emulator included on both sides)");
        Console.WriteLine($"raw HttpClient {raw.Values.Sum() / (double)args.Calls:N0}   SinchActors {sinch.Values.Sum() / (double)args.Calls:N0}");
        Console.WriteLine("  extra      raw    sinch  type");
        foreach (var type in raw.Keys.Union(sinch.Keys)
            .Select(type => (Type: type, Raw: raw.GetValueOrDefault(type) / (double)args.Calls, Sinch: sinch.GetValueOrDefault(type) / (double)args.Calls))
            .OrderByDescending(t => Math.Abs(t.Sinch - t.Raw)).Take(30))
            Console.WriteLine($"{type.Sinch - type.Raw,7:0}  {type.Raw,7:0}  {type.Sinch,7:0}  {type.Type}");
    }

    private sealed class AllocationTicks : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly ConcurrentDictionary<string, long> _bytes = new();
        private volatile bool _recording;

        public async Task<Dictionary<string, long>> SampleAsync(Func<Task> call, int calls)
        {
            _bytes.Clear();
            _recording = true;
            for (var i = 0; i < calls; i++)
                await call();
            _recording = false;
            return new Dictionary<string, long>(_bytes);
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (!_recording || e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.PayloadNames is not { } names)
                return;
            var type = e.Payload![names.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(e.Payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
            _bytes.AddOrUpdate(type, amount, (_, total) => total + amount);
        }
    }
}
