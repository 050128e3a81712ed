namespace SinchActors.Emulator.Tests;

/// <summary>
/// Base of the specs sharing one emulator per class: each test gets fresh faults and counters,
/// and its own project with one key (<see cref="KeyId"/> / <see cref="Secret"/>).
/// </summary>
public abstract class EmulatorSpec : IClassFixture<EmulatorFixture>
{
    protected const string Secret = "s3cret";

    private string? _token;

    protected EmulatorSpec(EmulatorFixture fixture)
    {
        Fixture = fixture;
        fixture.Reset();
        Emulator.SeedKey(Project, KeyId, Secret, "admin");
    }

    protected EmulatorFixture Fixture { get; }

    protected SinchEmulator Emulator => Fixture.Emulator;

    protected HttpClient Client => Fixture.Client;

    protected string Project { get; } = Sinch.NewId("proj");

    protected string KeyId { get; } = Sinch.NewId("key");

    protected string KeysPath => $"v1/projects/{Project}/accessKeys";

    /// <summary>A token of <see cref="KeyId"/>, fetched on first use (so tests of the token bucket start with it full).</summary>
    protected async Task<string> TokenAsync() => _token ??= await Client.GetTokenAsync(KeyId, Secret);

    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) =>
        await Client.SendAsync(Sinch.Bearer(method, path, await TokenAsync(), body));
}
