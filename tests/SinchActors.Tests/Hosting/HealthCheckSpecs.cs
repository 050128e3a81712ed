using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Requests;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

[Collection(HostingCollection.Name)]
public sealed class HealthCheckSpecs(EmulatorFixture fixture) : TestKit("akka.loglevel = OFF")
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_refused_access_key_degrades_health_named_by_its_key_until_its_credentials_are_fixed()
    {
        var good = fixture.NewProject("health-good");
        var bad = fixture.NewProject("health-bad");
        var wrong = new SinchCredentials(bad.ProjectId, bad.KeyId, "wrong-secret", bad.AuthUrl);
        await using var runtime = await Start(good, wrong);
        var check = new SinchActorsHealthCheck(runtime);
        Assert.Equal(HealthStatus.Healthy, (await Check(check)).Status);

        await Assert.ThrowsAsync<SinchAuthenticationException>(() => runtime.Client.SendAsync(TestHost.Get(bad)).WaitAsync(Patience));
        await runtime.Client.SendAsync(TestHost.Get(good)).WaitAsync(Patience);

        var degraded = await Check(check);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        var failing = Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(degraded.Data["failingAuth"]);
        Assert.Equal([bad.KeyId], failing.Keys);
        Assert.DoesNotContain("wrong-secret", failing[bad.KeyId]);

        await runtime.Projects.UpdateAsync(bad).WaitAsync(Patience);
        Assert.Equal(HealthStatus.Healthy, (await Check(check)).Status);
    }

    [Fact]
    public async Task An_open_circuit_degrades_health_and_a_stopped_runtime_is_unhealthy()
    {
        var project = fixture.NewProject("health-circuit");
        var runtime = await Start(project);
        var check = new SinchActorsHealthCheck(runtime);
        TestHost.Inject(fixture, project, new FaultRule { StatusCode = 500 });

        for (var i = 0; i < 2; i++)
            await Assert.ThrowsAsync<SinchApiException>(() => runtime.Client.SendAsync(TestHost.Get(project)).WaitAsync(Patience));
        await Assert.ThrowsAsync<SinchCircuitOpenException>(() => runtime.Client.SendAsync(TestHost.Get(project)).WaitAsync(Patience));

        var degraded = await Check(check);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains(project.ProjectId, Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<string>>(degraded.Data["openCircuits"])));

        await runtime.DisposeAsync();
        Assert.Equal(HealthStatus.Unhealthy, (await Check(check)).Status);
    }

    // Fault caught: health that notices refused keys only, reading Healthy through a token endpoint outage, or that
    // stays Degraded once the fetches succeed again.
    [Fact]
    public async Task Health_is_degraded_naming_the_key_while_its_token_fetches_fail_and_healthy_once_one_succeeds()
    {
        var project = fixture.NewProject("health-outage");
        await using var runtime = await Start(project);
        var check = new SinchActorsHealthCheck(runtime);
        fixture.Emulator.Faults.Add(new FaultRule { Target = FaultTarget.Token, ProjectId = project.ProjectId, StatusCode = 503 });

        var during = runtime.Client.SendAsync(TestHost.Get(project));
        await AwaitAssertAsync(() =>
        {
            var degraded = Check(check).GetAwaiter().GetResult();
            Assert.Equal(HealthStatus.Degraded, degraded.Status);
            Assert.Equal([project.KeyId], Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(degraded.Data["failingAuth"]).Keys);
        }, Patience, TimeSpan.FromMilliseconds(10));
        fixture.Emulator.Faults.Clear();

        // Whether the call waited out the outage or failed in it, the next one fetches a token and succeeds.
        await during.ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
        await runtime.Client.SendAsync(TestHost.Get(project)).WaitAsync(Patience);
        Assert.Equal(HealthStatus.Healthy, (await Check(check)).Status);
        Assert.InRange(fixture.Emulator.Stats.Tokens(project.KeyId).Rejected, 1, int.MaxValue); // the outage was seen
    }

    private async Task<SinchRuntime> Start(params SinchCredentials[] projects)
    {
        var options = TestHost.Options(fixture, projects);
        options.Auth.MinBackoff = TimeSpan.FromMilliseconds(50);
        options.Auth.MaxBackoff = TimeSpan.FromMilliseconds(200);
        options.Requests.MaxRetries = 0;
        options.Requests.CircuitBreaker.MinimumThroughput = 2;
        options.Requests.CircuitBreaker.FailureRatio = 0.5;
        options.Requests.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(1);
        return await SinchRuntime.CreateAsync(Sys, options);
    }

    private static Task<HealthCheckResult> Check(IHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("sinch-actors", check, null, null) });

}
