using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Requests;
using SinchActors.Hosting;

namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>Projects seeded on an emulator, and the requests the suites send for them.</summary>
internal static class Tenants
{
    private static int _sequence;

    /// <summary>Seeds <paramref name="count"/> projects with one key each; IDs start with <paramref name="prefix"/>.</summary>
    public static SinchCredentials[] Seed(SinchEmulator emulator, string prefix, int count) =>
        Enumerable.Range(0, count).Select(_ => Seed(emulator, prefix)).ToArray();

    /// <summary>Seeds one project with one key and returns its credentials on the emulator.</summary>
    public static SinchCredentials Seed(SinchEmulator emulator, string prefix, SinchAuthMode mode = SinchAuthMode.OAuth)
    {
        var projectId = $"{prefix}-{Interlocked.Increment(ref _sequence)}";
        var key = emulator.SeedKey(projectId, $"key-{projectId}", $"secret-{Guid.NewGuid():N}");
        return new SinchCredentials(projectId, key.KeyId, key.Secret, emulator.TokenUrl, mode);
    }

    /// <summary>Points every API family of <paramref name="options"/> at the emulator.</summary>
    public static SinchActorsOptions OnEmulator(this SinchActorsOptions options, SinchEmulator emulator)
    {
        foreach (var family in Enum.GetValues<SinchApiFamily>())
            options.Requests.BaseUrls[family.ToString()] = emulator.BaseUrl.ToString();
        return options;
    }

    /// <summary>Lists the project's access keys (idempotent).</summary>
    public static SinchRequest ListKeys(SinchCredentials project) =>
        new(HttpMethod.Get, project.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{project.ProjectId}/accessKeys");

    /// <summary>Reads the project's own key (idempotent).</summary>
    public static SinchRequest GetKey(SinchCredentials project) =>
        new(HttpMethod.Get, project.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{project.ProjectId}/accessKeys/{project.KeyId}");
}
