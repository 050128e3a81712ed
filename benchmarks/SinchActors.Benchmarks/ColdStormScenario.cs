using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Requests;

namespace SinchActors.Benchmarks;

/// <summary>
/// Cold storm: many projects, all their first calls started at once. The baseline is the minimum possible, one token
/// request per project (counted at the emulator); the target is exactly that (ratio 1.000) and no failed call.
/// </summary>
internal static class ColdStormScenario
{
    private const int DefaultCallsPerProject = 20;

    public static async Task RunAsync(BenchArgs args)
    {
        var projects = Math.Min(args.Projects, 500);
        var calls = args.Calls > 0 ? args.Calls : projects * DefaultCallsPerProject;
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TokenBucketCapacity = 1_000, TokenBucketRefillPerSecond = 1_000 });
        var credentials = Enumerable.Range(0, projects)
            .Select(i => emulator.SeedKey($"storm-{i}", $"storm-key-{i}", $"storm-secret-{i}"))
            .Select(key => new SinchCredentials(key.ProjectId, key.KeyId, key.Secret, emulator.TokenUrl))
            .ToArray();

        var system = BenchEnvironment.CreateSystem();
        var runtime = BenchEnvironment.CreateRuntime(system, emulator, maxInFlight: calls, credentials);

        // Call i goes to project i mod N, so every project gets calls / N (±1) first calls, interleaved.
        var requests = Enumerable.Range(0, calls)
            .Select(i => credentials[i % projects].ProjectId)
            .Select(projectId => new SinchRequest(HttpMethod.Get, projectId, SinchApiFamily.AccessKeys, $"/v1/projects/{projectId}/accessKeys"))
            .ToArray();
        var tasks = requests.Select(request => runtime.Client.SendAsync(request)).ToArray();
        try { await Task.WhenAll(tasks); } catch (Exception) { /* counted below */ }
        var failed = tasks.Count(t => !t.IsCompletedSuccessfully);

        var counts = credentials.Select(c => emulator.Stats.Tokens(c.KeyId)).ToArray();
        var tokenRequests = counts.Sum(c => c.Issued + c.Rejected + c.RateLimited);
        var perProjectMax = counts.Max(c => c.Issued + c.Rejected + c.RateLimited);
        var ratio = (double)tokenRequests / projects;
        var met = tokenRequests == projects && failed == 0;
        Console.WriteLine($"# cold storm: {calls:N0} concurrent first calls over {projects} projects");
        Console.WriteLine($"token requests {tokenRequests} for {projects} projects (most for one project: {perProjectMax}); failed calls {failed} of {calls:N0}");
        Console.WriteLine($"token requests per project (minimum possible = 1): {ratio:0.000}   target = 1.000 and 0 failed: {(met ? "met" : "NOT met")}");
        BenchResults.Write("cold-storm",
            inputs: new { projects, calls },
            outputs: new { tokenRequests, perProjectMax, failedCalls = failed, tokenRequestsPerProject = ratio },
            target: "token requests = projects (1.000 per project), 0 failed calls", met);
        await runtime.DisposeAsync();
        await system.Terminate();
    }
}
