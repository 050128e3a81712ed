using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Requests;
using SinchActors.Tests.Auth;
using Xunit.Abstractions;
using SinchActors.Hosting;

namespace SinchActors.Tests.Projects;

/// <summary>Idle keys drop their token after the idle timeout, busy ones stay warm; time is the TestScheduler's.</summary>
public class PassivationSpecs(ITestOutputHelper output) : EmulatorTestKit(output)
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_key_nobody_used_for_the_idle_timeout_drops_its_token_a_busy_one_stays_warm_and_the_next_request_fetches_again()
    {
        var busy = Credentials;
        Emulator.SeedKey("project-idle", "key-idle", "secret-idle");
        var idle = new SinchCredentials("project-idle", "key-idle", "secret-idle", Emulator.TokenUrl);
        await using var runtime = StartRuntime(busy, idle);
        await SendAsync(runtime, busy);
        await SendAsync(runtime, idle);

        for (var minutes = 3; minutes <= 27; minutes += 3)
            await AdvanceWhileBusy(runtime, busy);
        Assert.NotNull(CurrentOf(ManagerOf(runtime, idle))); // not passivated before the idle timeout

        for (var minutes = 30; minutes <= 36; minutes += 3)
            await AdvanceWhileBusy(runtime, busy);
        AwaitCondition(() => CurrentOf(ManagerOf(runtime, idle)) is null, Patience);
        Assert.NotNull(CurrentOf(ManagerOf(runtime, busy)));

        await SendAsync(runtime, idle);
        Assert.Equal(2, TokenRequests("key-idle"));
        Assert.Equal(1, TokenRequests(KeyId));
    }

    private async Task AdvanceWhileBusy(SinchRuntime runtime, SinchCredentials busy)
    {
        Advance(Step);
        Sync(runtime.ProjectRegistry);
        await SendAsync(runtime, busy);
    }

    private SinchRuntime StartRuntime(params SinchCredentials[] projects)
    {
        var options = new SinchActorsOptions { TimeProvider = Clock };
        foreach (var family in Enum.GetValues<SinchApiFamily>())
            options.Requests.BaseUrls[family.ToString()] = Emulator.BaseUrl.ToString();
        foreach (var project in projects)
            options.AddProject(project);
        return SinchRuntime.Create(Sys, options);
    }

    private static Task<SinchResponse> SendAsync(SinchRuntime runtime, SinchCredentials project) =>
        runtime.Client.SendAsync(new SinchRequest(HttpMethod.Get, project.ProjectId, SinchApiFamily.AccessKeys,
            $"/v1/projects/{project.ProjectId}/accessKeys")).WaitAsync(Patience);

    private static IActorRef ManagerOf(SinchRuntime runtime, SinchCredentials project) =>
        runtime.Directory.TryGet(project.ProjectId, out var handle) ? handle.TokenManager : throw new InvalidOperationException("not registered");
}
