using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SinchActors.Requests;
using SinchActors.Tests.Hosting;
using SinchActors.Hosting;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Tests.Requests;

/// <summary>The user's HTTP stack: their primary handler settings, their delegating handlers, their named client.</summary>
public class HttpStackSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Delegating_handlers_see_every_call_in_order_around_the_configured_primary_handler()
    {
        var project = Fixture.NewProject("stack");
        var seen = new List<string>();
        SocketsHttpHandler? configured = null;
        var options = new SinchActorsOptions { ConfigurePrimaryHandler = handler => configured = handler };
        options.HttpHandlers.Add(() => new Recording("outer", seen));
        options.HttpHandlers.Add(() => new Recording("inner", seen));
        var runtime = StartRuntimeWith(options, project);

        var response = await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(configured);
        Assert.Equal(runtime.Settings.MaxConnectionsPerServer + runtime.ProjectSettings.MaxConcurrentTokenFetches, configured.MaxConnectionsPerServer);
        // The token request and the API call, each through both handlers, outermost first.
        var path = $"/v1/projects/{project.ProjectId}/accessKeys";
        Assert.Equal(["outer POST /oauth2/token", "inner POST /oauth2/token", $"outer GET {path}", $"inner GET {path}"], seen);
    }

    [Fact]
    public async Task A_request_base_url_on_a_host_that_is_not_allowed_fails_before_anything_is_sent()
    {
        var project = Fixture.NewProject("stack-host");
        var runtime = StartRuntime(null, project);

        var call = runtime.Client.SendAsync(new SinchRequest(HttpMethod.Get, project.ProjectId, new Uri("https://collector.example.com/"), "/steal"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => call.WaitAsync(Patience));
        Assert.Contains("allow-any-base-url", error.Message);
        Assert.Equal(0, ApiRequests(project));
        Assert.Equal(0, runtime.InFlight);
    }

    [Fact]
    public async Task A_hosted_runtime_sends_through_the_named_client_of_IHttpClientFactory()
    {
        var project = Fixture.NewProject("stack-factory");
        var seen = new List<string>();
        var settings = TestHost.Settings(Fixture, project);
        settings["Sinch:HttpClientName"] = "sinch";
        using var host = TestHost.Build(settings, services: services =>
            services.AddHttpClient("sinch").AddHttpMessageHandler(() => new Recording("factory", seen)));
        await host.StartAsync();

        await host.Services.GetRequiredService<ISinchClient>().AccessKeys.ListPageAsync(project.ProjectId).WaitAsync(Patience);

        Assert.Contains(seen, s => s.StartsWith("factory GET", StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_send_that_blocks_its_thread_does_not_hold_up_the_next_request_of_the_same_project()
    {
        // Both calls meet the same worker (routing is by project). The worker only decides; each attempt is sent off its
        // thread, so the first call, stuck in a handler until a second call reaches the handler too, is met by the second.
        var project = Fixture.NewProject("stack-blocking");
        Barrier? meeting = null;
        var met = new List<bool>();
        var options = new SinchActorsOptions();
        options.HttpHandlers.Add(() => new Meeting(() => meeting, met));
        var runtime = StartRuntimeWith(options, project);
        await runtime.Client.SendAsync(Get(project)).WaitAsync(Patience); // warm: the worker holds a pushed credential

        meeting = new Barrier(participantCount: 2);
        var first = runtime.Client.SendAsync(Get(project));
        var second = runtime.Client.SendAsync(Get(project));
        await Task.WhenAll(first, second).WaitAsync(Patience);

        Assert.Equal([true, true], met);
    }

    /// <summary>Once there is a barrier, holds each API call's thread in the handler until all its participants are in (or 5 s passed).</summary>
    private sealed class Meeting(Func<Barrier?> barrier, List<bool> met) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (barrier() is { } meeting && request.RequestUri!.AbsolutePath.Contains("/accessKeys", StringComparison.Ordinal))
            {
                var all = meeting.SignalAndWait(TimeSpan.FromSeconds(5));
                lock (met)
                    met.Add(all);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Recording(string name, List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
                seen.Add($"{name} {request.Method} {request.RequestUri!.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
