using BenchmarkDotNet.Attributes;

namespace SinchActors.Benchmarks;

/// <summary>
/// One call at a time through each contender; BenchmarkDotNet reports SinchActors' mean and allocations as a ratio of
/// the raw <see cref="HttpClient"/> baseline.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class RequestLatencyBenchmarks
{
    private BenchEnvironment _env = null!;

    /// <summary>Starts the emulator and the runtime and warms both paths.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        _env = await BenchEnvironment.StartAsync(maxInFlight: 1_000);
        await _env.RawCallAsync();
        await _env.SinchCallAsync();
    }

    /// <summary>Stops everything.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync() => await _env.DisposeAsync();

    /// <summary>The baseline: a raw client with a token fetched up front.</summary>
    [Benchmark(Baseline = true)]
    public Task RawHttpClient() => _env.RawCallAsync();

    /// <summary>The same call through <see cref="Requests.ISinchClient"/>.</summary>
    [Benchmark]
    public Task SinchActors() => _env.SinchCallAsync();
}
