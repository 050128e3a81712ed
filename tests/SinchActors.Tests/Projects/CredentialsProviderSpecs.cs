using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using SinchActors.Auth;
using SinchActors.Projects;
using SinchActors.Requests;
using SinchActors.Tests.Requests;
using SinchActors.Hosting;

namespace SinchActors.Tests.Projects;

/// <summary>Projects found by a credentials provider: looked up once, cached, negatively cached.</summary>
public class CredentialsProviderSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_hundred_concurrent_first_requests_of_a_tenant_ask_the_provider_once()
    {
        var tenant = Fixture.NewProject("provided");
        var provider = new GatedProvider(tenant);
        var runtime = StartRuntimeWith(new SinchActorsOptions { CredentialsProvider = provider });

        var calls = Enumerable.Range(0, 100).Select(_ => runtime.Client.SendAsync(Get(tenant))).ToArray();
        await AwaitConditionAsync(() => Task.FromResult(provider.Calls(tenant.ProjectId) == 1), Patience);
        provider.Open();

        Assert.All(await Task.WhenAll(calls).WaitAsync(Patience), response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        await runtime.Client.SendAsync(Get(tenant)).WaitAsync(Patience);
        Assert.Equal(1, provider.Calls(tenant.ProjectId));
        Assert.True(runtime.Projects.Contains(tenant.ProjectId));
    }

    [Fact]
    public async Task An_unknown_tenant_is_refused_after_one_lookup_and_asked_again_once_the_negative_cache_expires()
    {
        var provider = new GatedProvider();
        provider.Open();
        var time = new FakeTimeProvider();
        var runtime = StartRuntimeWith(new SinchActorsOptions { CredentialsProvider = provider, TimeProvider = time });
        var nobody = Get(new SinchCredentials("nobody", "key-nobody", "secret", Emulator.TokenUrl));

        var calls = Enumerable.Range(0, 100).Select(_ => runtime.Client.SendAsync(nobody)).ToArray();
        foreach (var call in calls)
            await Assert.ThrowsAsync<SinchUnknownProjectException>(() => call.WaitAsync(Patience));
        await Assert.ThrowsAsync<SinchUnknownProjectException>(() => runtime.Client.SendAsync(nobody));
        Assert.Equal(1, provider.Calls("nobody"));

        time.Advance(ProjectRegistrySettings.Default.UnknownProjectCacheDuration);
        await Assert.ThrowsAsync<SinchUnknownProjectException>(() => runtime.Client.SendAsync(nobody).WaitAsync(Patience));
        Assert.Equal(2, provider.Calls("nobody"));
    }

    [Fact]
    public async Task The_actor_native_path_looks_tenants_up_too_and_a_failing_provider_gives_the_typed_error()
    {
        var tenant = Fixture.NewProject("provided-actor");
        var provider = new GatedProvider(tenant) { FailFor = "broken" };
        provider.Open();
        var runtime = StartRuntimeWith(new SinchActorsOptions { CredentialsProvider = provider });

        runtime.RequestPool.Tell(new SendSinchRequest(1, Get(tenant)), TestActor);
        Assert.Equal(1, ExpectMsg<SinchRequestSucceeded>(Patience).CorrelationId);
        runtime.RequestPool.Tell(new SendSinchRequest(2, Get(new SinchCredentials("broken", "key-b", "secret", Emulator.TokenUrl))), TestActor);
        var failed = ExpectMsg<SinchRequestFailed>(Patience);

        var error = Assert.IsType<SinchUnknownProjectException>(failed.Error);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task A_provider_ignoring_its_timeout_fails_the_lookup_at_the_timeout_and_the_next_request_asks_again()
    {
        var tenant = Fixture.NewProject("provider-stuck");
        var provider = new GatedProvider(tenant) { IgnoresCancellation = true };
        var runtime = StartRuntimeWith(new SinchActorsOptions
        {
            CredentialsProvider = provider,
            ProjectRegistry = { LookupTimeout = TimeSpan.FromMilliseconds(300) },
        });

        var first = await Assert.ThrowsAsync<SinchUnknownProjectException>(() => runtime.Client.SendAsync(Get(tenant)).WaitAsync(Patience));
        Assert.IsType<TimeoutException>(first.InnerException);
        await Assert.ThrowsAsync<SinchUnknownProjectException>(() => runtime.Client.SendAsync(Get(tenant)).WaitAsync(Patience));
        Assert.Equal(2, provider.Calls(tenant.ProjectId));
    }

    [Fact]
    public async Task Lookups_in_progress_fail_with_the_shutdown_on_both_paths()
    {
        var tenant = Fixture.NewProject("provider-shutdown");
        var actorTenant = Fixture.NewProject("provider-shutdown-actor");
        var provider = new GatedProvider(tenant, actorTenant) { IgnoresCancellation = true };
        var runtime = StartRuntimeWith(new SinchActorsOptions { CredentialsProvider = provider });
        var call = runtime.Client.SendAsync(Get(tenant));
        runtime.RequestPool.Tell(new SendSinchRequest(7, Get(actorTenant)), TestActor);
        await AwaitConditionAsync(() => Task.FromResult(provider.Calls(tenant.ProjectId) == 1 && provider.Calls(actorTenant.ProjectId) == 1), Patience);

        await runtime.DisposeAsync();

        // Far below the lookup's Ask timeout (lookup timeout + 5 s): the shutdown itself answers.
        var quickly = TimeSpan.FromSeconds(5);
        await Assert.ThrowsAsync<SinchShutdownException>(() => call.WaitAsync(quickly));
        Assert.IsType<SinchShutdownException>(ExpectMsg<SinchRequestFailed>(quickly).Error);
    }

    /// <summary>Knows the given projects; answers only once opened, so concurrent requests overlap the lookup.</summary>
    private sealed class GatedProvider(params SinchCredentials[] known) : ISinchCredentialsProvider
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<string, int> _calls = new();

        public string? FailFor { get; init; }

        /// <summary>Keeps waiting for the gate when the lookup is cancelled, as a careless provider does.</summary>
        public bool IgnoresCancellation { get; init; }

        public int Calls(string projectId) => _calls.GetValueOrDefault(projectId);

        public void Open() => _gate.TrySetResult();

        public async ValueTask<SinchCredentials?> GetCredentialsAsync(string projectId, CancellationToken cancellationToken)
        {
            _calls.AddOrUpdate(projectId, 1, (_, n) => n + 1);
            await (IgnoresCancellation ? _gate.Task : _gate.Task.WaitAsync(cancellationToken));
            if (projectId == FailFor)
                throw new InvalidOperationException("tenant database unavailable");
            return known.FirstOrDefault(project => project.ProjectId == projectId);
        }
    }
}
