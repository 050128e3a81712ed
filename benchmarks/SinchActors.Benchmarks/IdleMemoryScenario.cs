using System.Diagnostics;
using System.Net.Http.Headers;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Requests;

namespace SinchActors.Benchmarks;

/// <summary>
/// Heap per idle project with a warm token, at each project count asked for (<c>--projects 10000,100000</c>). The
/// emulator runs in this process, so its own growth (a token and counters per project) is measured as the baseline:
/// the same work done first for other projects through a raw <see cref="HttpClient"/>, then subtracted. Also times
/// the registration of the projects (<see cref="SinchRuntime.Create(Akka.Actor.ActorSystem, SinchActorsOptions)"/>).
/// Target: ≤ 3 KB per project. Writes <c>benchmarks/results/idle-memory.json</c>.
/// </summary>
internal static class IdleMemoryScenario
{
    public static async Task RunAsync(BenchArgs args)
    {
        var points = new List<IdleMemoryPoint>();
        foreach (var count in args.ProjectCounts)
            points.Add(await MeasureAsync(count));
        BenchResults.WriteDocument("idle-memory", new { date = BenchResults.Now(), commit = BenchResults.Commit(), points });
    }

    private static async Task<IdleMemoryPoint> MeasureAsync(int count)
    {
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TokenBucketCapacity = 1_000, TokenBucketRefillPerSecond = 1_000 });
        var baselineKeys = Seed(emulator, "raw", count);
        var runtimeKeys = Seed(emulator, "idle", count);
        var system = BenchEnvironment.CreateSystem();
        using var raw = new HttpClient();

        var before = Heap();
        await ForEachAsync(baselineKeys, async key =>
        {
            var token = await BenchEnvironment.FetchTokenAsync(raw, emulator, key.KeyId, key.Secret);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(emulator.BaseUrl, $"v1/projects/{key.ProjectId}/accessKeys"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await raw.SendAsync(request);
            response.EnsureSuccessStatusCode();
        });
        var afterBaseline = Heap();

        var credentials = runtimeKeys.Select(key => new SinchCredentials(key.ProjectId, key.KeyId, key.Secret, emulator.TokenUrl)).ToArray();
        var registration = Stopwatch.StartNew();
        var runtime = BenchEnvironment.CreateRuntime(system, emulator, maxInFlight: 10_000, credentials);
        registration.Stop();
        await ForEachAsync(runtimeKeys, key => runtime.Client.SendAsync(
            new SinchRequest(HttpMethod.Get, key.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{key.ProjectId}/accessKeys")));
        var afterRuntime = Heap();

        var baselinePerProject = (afterBaseline - before) / (double)count;
        var runtimePerProject = (afterRuntime - afterBaseline) / (double)count - baselinePerProject;
        Console.WriteLine($"# idle memory: {count:N0} projects with warm tokens");
        Console.WriteLine($"registration of {count:N0} projects: {registration.Elapsed.TotalSeconds:0.00} s");
        Console.WriteLine($"baseline (emulator state + raw client) per project: {baselinePerProject:N0} B");
        Console.WriteLine($"SinchActors heap per idle project: {runtimePerProject:N0} B   target <= 3,072 B");
        GC.KeepAlive(runtime);

        await runtime.DisposeAsync();
        await system.Terminate();
        return new IdleMemoryPoint(count, Math.Round(runtimePerProject), Math.Round(baselinePerProject), Math.Round(registration.Elapsed.TotalSeconds, 3));
    }

    private static IReadOnlyList<SeededKey> Seed(SinchEmulator emulator, string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => emulator.SeedKey($"{prefix}-project-{i}", $"{prefix}-key-{i}", $"{prefix}-secret-{i}")).ToArray();

    private static Task ForEachAsync(IEnumerable<SeededKey> keys, Func<SeededKey, Task> action) =>
        Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (key, _) => await action(key));

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed record IdleMemoryPoint(int Projects, double BytesPerProject, double BaselineBytesPerProject, double RegistrationSeconds);
}
