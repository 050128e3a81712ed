using SinchActors.Auth;
using SinchActors.Emulator;

namespace SinchActors.Tests.Requests;

/// <summary>One emulator for all pipeline specs; every spec works in its own projects, so faults never cross.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private static int _sequence;

    public SinchEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Emulator = await SinchEmulator.StartAsync(new EmulatorOptions { MaxKeysPerProject = 100_000, TokenBucketCapacity = 10_000 });

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>Seeds a fresh project with one access key and returns credentials for it on the emulator.</summary>
    public SinchCredentials NewProject(string prefix = "project")
    {
        var projectId = $"{prefix}-{Interlocked.Increment(ref _sequence)}";
        var key = Emulator.SeedKey(projectId, $"key-{projectId}", $"secret-{Guid.NewGuid():N}");
        return new SinchCredentials(projectId, key.KeyId, key.Secret, Emulator.TokenUrl);
    }
}

[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "emulator";
}
