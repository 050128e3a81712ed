using Microsoft.Extensions.Time.Testing;

namespace SinchActors.Emulator.Tests;

/// <summary>One emulator per test class, on fake time. Tests use fresh project/key IDs so they do not see each other's state.</summary>
public class EmulatorFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; } = new(Start);

    public SinchEmulator Emulator { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TimeProvider = Time });
        Client = new HttpClient { BaseAddress = Emulator.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>Clears faults and counters between tests.</summary>
    public void Reset()
    {
        Emulator.Faults.Clear();
        Emulator.Stats.Reset();
    }
}
