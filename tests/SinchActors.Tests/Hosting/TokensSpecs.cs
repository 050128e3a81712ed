using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SinchActors.Auth;
using SinchActors.Hosting;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

/// <summary><see cref="ISinchTokens"/>: tokens on demand from each key's own token manager, counted at the emulator.</summary>
[Collection(HostingCollection.Name)]
public sealed class TokensSpecs(EmulatorFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_token_comes_from_the_keys_manager_once_and_is_replaced_after_it_is_reported_rejected()
    {
        var project = fixture.NewProject("tokens");
        using var host = TestHost.BuildAlone(TestHost.Settings(fixture, project));
        await host.StartAsync();
        var tokens = host.Services.GetRequiredService<ISinchTokens>();
        Assert.Same(host.Services.GetRequiredService<SinchRuntime>().Tokens, tokens);

        var first = await tokens.GetTokenAsync(project.ProjectId).WaitAsync(Patience);
        var again = await tokens.GetTokenAsync(project.ProjectId).WaitAsync(Patience);
        Assert.Equal(first.Value, again.Value);
        Assert.Equal(project.KeyId, first.KeyId);
        Assert.InRange(first.ExpiresAt, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1));
        Assert.DoesNotContain(first.Value, first.ToString());
        Assert.Contains("***", first.ToString());
        Assert.Equal(1, fixture.Emulator.Stats.Tokens(project.KeyId).Issued);

        tokens.ReportRejected(first);
        var next = await tokens.GetTokenAsync(project.ProjectId).WaitAsync(Patience);

        Assert.NotEqual(first.Value, next.Value);
        Assert.Equal(2, fixture.Emulator.Stats.Tokens(project.KeyId).Issued);
        await host.StopAsync();
    }

    [Fact]
    public async Task An_unknown_project_gets_the_runtimes_typed_error()
    {
        var project = fixture.NewProject("tokens-known");
        using var host = TestHost.BuildAlone(TestHost.Settings(fixture, project));
        await host.StartAsync();

        await Assert.ThrowsAsync<SinchUnknownProjectException>(() =>
            host.Services.GetRequiredService<ISinchTokens>().GetTokenAsync("tokens-nobody").WaitAsync(Patience));
        await host.StopAsync();
    }
}
