using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Requests;

namespace SinchActors.Benchmarks;

/// <summary>
/// Cold storm: many projects, each hit by many concurrent first calls at once. The baseline is the minimum
/// possible, one token request per project; the target is exactly that (ratio 1.000).
/// </summary>
internal static class ColdStormScenario
{
    private const int CallsPerProject = 20;

    public static async Task RunAsync(BenchArgs args)
    {
        var projects = Math.Min(args.Projects, 500);
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TokenBucketCapacity = 1_000, TokenBucketRefillPerSecond = 1_000 });
        var credentials = Enumerable.Range(0, projects)
            .Select(i => emulator.SeedKey($"storm-{i}", $"storm-key-{i}", $"storm-secret-{i}"))
            .Select(key => new SinchCredentials(key.ProjectId, key.KeyId, key.Secret, emulator.TokenUrl))
            .ToArray();

        var system = BenchEnvironment.CreateSystem();
        var runtime = BenchEnvironment.CreateRuntime(system, emulator, maxInFlight: projects * CallsPerProject, credentials);

        var calls = credentials
            .SelectMany(c => Enumerable.Repeat(c.ProjectId, CallsPerProject))
            .Select(projectId => runtime.Client.SendAsync(new SinchRequest(HttpMethod.Get, projectId, SinchApiFamily.AccessKeys, $"/v1/projects/{projectId}/accessKeys")))
            .ToArray();
        var failed = 0;
        try { await Task.WhenAll(calls); } catch (Exception) { failed = calls.Count(c => !c.IsCompletedSuccessfully); }

        var tokenRequests = credentials.Sum(c => emulator.Stats.Tokens(c.KeyId).Issued + emulator.Stats.Tokens(c.KeyId).Rejected);
        Console.WriteLine($"# cold storm: {projects} projects x {CallsPerProject} concurrent first calls");
        Console.WriteLine($"token requests {tokenRequests} for {projects} projects; failed calls {failed}");
        Console.WriteLine($"token requests per project (minimum possible = 1): {(double)tokenRequests / projects:0.000}   target = 1.000");
        await runtime.DisposeAsync();
        await system.Terminate();
    }
}
