using Microsoft.Extensions.Time.Testing;
using SinchActors.Emulator.Faults;
using SinchActors.Emulator.Http;

namespace SinchActors.Emulator.Tests;

/// <summary>Latency jitter is invisible over HTTP on fake time, so it is checked on the injector's decisions directly.</summary>
public sealed class FaultInjectorSpecs
{
    private static List<TimeSpan> Latencies(int seed)
    {
        var injector = new FaultInjector(new FakeTimeProvider(), new FaultSettings
        {
            Seed = seed,
            Rules = [new FaultRule { Kind = FaultKind.Latency, LatencyMs = 100, JitterMs = 50 }],
        });
        return Enumerable.Range(0, 20)
            .Select(_ => injector.Decide(RouteKind.AccessKeys, "p", "GET", FaultTiming.BeforeProcessing).Latency)
            .ToList();
    }

    [Fact]
    public void Jitter_stays_within_bounds_varies_and_repeats_for_the_same_seed()
    {
        var first = Latencies(seed: 3);

        Assert.All(first, l => Assert.InRange(l.TotalMilliseconds, 100, 150));
        Assert.True(first.Distinct().Count() > 1);
        Assert.Equal(first, Latencies(seed: 3));
    }

    [Fact]
    public void Latency_is_never_applied_after_processing_and_rules_are_validated()
    {
        var injector = new FaultInjector(new FakeTimeProvider(), null);
        injector.Add(new FaultRule { Kind = FaultKind.Latency, LatencyMs = 100 });

        Assert.Equal(TimeSpan.Zero, injector.Decide(RouteKind.Sms, "p", "GET", FaultTiming.AfterProcessing).Latency);
        Assert.Throws<ArgumentException>(() => injector.Add(new FaultRule { Probability = 1.5 }));
    }
}
