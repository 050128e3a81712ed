using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SinchActors.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Requests;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

/// <summary>
/// <c>AddSinchActorsHandler</c>: factory clients whose requests ride the runtime, in hosts registered with
/// <c>AddSinchActors</c> alone, over real HTTP to the emulator.
/// </summary>
[Collection(HostingCollection.Name)]
public sealed class HttpHandlerSpecs(EmulatorFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly List<IHost> _hosts = [];

    [Fact]
    public async Task Two_hundred_cold_calls_through_a_factory_client_cost_one_token_request_shared_with_ISinchClient_and_ISinchTokens()
    {
        var project = fixture.NewProject("handler-storm");
        var host = await StartAsync(TestHost.Settings(fixture, project),
            s => s.AddHttpClient("sinch", Base).AddSinchActorsHandler(project.ProjectId));
        var http = Client(host, "sinch");

        var calls = Enumerable.Range(0, 200).Select(_ => http.GetAsync(KeysPath(project))).ToList();
        var viaClient = host.Services.GetRequiredService<ISinchClient>().AccessKeys.ListPageAsync(project.ProjectId);
        var token = host.Services.GetRequiredService<ISinchTokens>().GetTokenAsync(project.ProjectId);

        var responses = await Task.WhenAll(calls).WaitAsync(Patience);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single((await viaClient.WaitAsync(Patience)).AccessKeys);
        Assert.Equal(project.KeyId, (await token.WaitAsync(Patience)).KeyId);
        Assert.Equal(1, fixture.Emulator.Stats.Tokens(project.KeyId).Issued);
        Assert.Equal(201, fixture.Emulator.Stats.ApiRequests(project.ProjectId, 200));
        Assert.All(responses, r => Assert.Null(r.RequestMessage!.Headers.Authorization)); // the token stays out of the caller's objects
    }

    [Fact]
    public async Task A_POST_answered_502_is_returned_once_and_never_sent_again_while_a_GET_is_retried()
    {
        var project = fixture.NewProject("handler-502");
        var host = await StartAsync(FastRetries(TestHost.Settings(fixture, project)),
            s => s.AddHttpClient("sinch", Base).AddSinchActorsHandler(project.ProjectId));
        var http = Client(host, "sinch");
        TestHost.Inject(fixture, project, new FaultRule { StatusCode = 502, Method = "POST" });
        TestHost.Inject(fixture, project, new FaultRule { StatusCode = 502, Method = "GET", Count = 1 });

        using var post = await http.PostAsJsonAsync(KeysPath(project), new { displayName = "maybe-created" }).WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.BadGateway, post.StatusCode); // returned, not thrown
        Assert.Contains("502", await post.Content.ReadAsStringAsync()); // the emulator's error body, readable
        Assert.Equal(1, fixture.Emulator.Stats.ApiRequests(project.ProjectId, 502));

        using var get = await http.GetAsync(KeysPath(project)).WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(2, fixture.Emulator.Stats.ApiRequests(project.ProjectId, 502));
    }

    [Fact]
    public async Task After_a_401_the_call_is_sent_once_more_with_the_next_token()
    {
        var project = fixture.NewProject("handler-401");
        var host = await StartAsync(TestHost.Settings(fixture, project),
            s => s.AddHttpClient("sinch", Base).AddSinchActorsHandler(project.ProjectId));
        var tokens = host.Services.GetRequiredService<ISinchTokens>();
        var first = await tokens.GetTokenAsync(project.ProjectId).WaitAsync(Patience);
        TestHost.Inject(fixture, project, new FaultRule { Kind = FaultKind.Unauthorized, Count = 1 });

        using var response = await Client(host, "sinch").GetAsync(KeysPath(project)).WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, fixture.Emulator.Stats.ApiRequests(project.ProjectId, 401));
        Assert.Equal(1, fixture.Emulator.Stats.ApiRequests(project.ProjectId, 200));
        Assert.Equal(2, fixture.Emulator.Stats.Tokens(project.KeyId).Issued);
        Assert.NotEqual(first.Value, (await tokens.GetTokenAsync(project.ProjectId).WaitAsync(Patience)).Value);
    }

    [Fact]
    public async Task The_clients_timeout_cancels_the_call_and_frees_its_slot()
    {
        var project = fixture.NewProject("handler-timeout");
        var host = await StartAsync(TestHost.Settings(fixture, project), s => s.AddHttpClient("slow", c =>
        {
            Base(c);
            c.Timeout = TimeSpan.FromMilliseconds(300);
        }).AddSinchActorsHandler(project.ProjectId));
        TestHost.Inject(fixture, project, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 60_000 });

        var error = await Assert.ThrowsAsync<TaskCanceledException>(() => Client(host, "slow").GetAsync(KeysPath(project)).WaitAsync(Patience));

        Assert.IsType<TimeoutException>(error.InnerException); // HttpClient's own report of its timeout
        Assert.Equal(0, host.Services.GetRequiredService<SinchRuntime>().InFlight);
    }

    [Fact]
    public async Task The_multi_tenant_selector_sends_each_request_with_its_own_projects_key()
    {
        var a = fixture.NewProject("tenant-a");
        var b = fixture.NewProject("tenant-b");
        var settings = TestHost.Settings(fixture, a);
        settings["Sinch:Projects:1:ProjectId"] = b.ProjectId;
        settings["Sinch:Projects:1:KeyId"] = b.KeyId;
        settings["Sinch:Projects:1:KeySecret"] = b.KeySecret;
        settings["Sinch:Projects:1:AuthUrl"] = b.AuthUrl.ToString();
        var host = await StartAsync(settings, s => s.AddHttpClient("tenants", Base)
            .AddSinchActorsHandler(request => request.RequestUri!.Segments[3].TrimEnd('/'))); // /v1/projects/{id}/…
        var http = Client(host, "tenants");

        using var forA = await http.GetAsync(KeysPath(a)).WaitAsync(Patience);
        using var forB = await http.GetAsync(KeysPath(b)).WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, forA.StatusCode); // the emulator answers 403 to a token of another project
        Assert.Equal(HttpStatusCode.OK, forB.StatusCode);
        Assert.Equal(1, fixture.Emulator.Stats.Tokens(a.KeyId).Issued);
        Assert.Equal(1, fixture.Emulator.Stats.Tokens(b.KeyId).Issued);
    }

    [Fact]
    public async Task Content_that_reads_once_is_buffered_so_a_retry_sends_the_same_bytes()
    {
        var project = fixture.NewProject("handler-body");
        var host = await StartAsync(FastRetries(TestHost.Settings(fixture, project)),
            s => s.AddHttpClient("sinch", Base).AddSinchActorsHandler(project.ProjectId));
        TestHost.Inject(fixture, project, new FaultRule { StatusCode = 429, Method = "POST", Count = 1 });
        var content = new StreamContent(new ReadOnceStream("""{"displayName":"streamed"}"""u8.ToArray()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await Client(host, "sinch").PostAsync(KeysPath(project), content).WaitAsync(Patience);

        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(1, fixture.Emulator.Stats.ApiRequests(project.ProjectId, 429));
        Assert.Equal(1, fixture.Emulator.Stats.Posts("streamed"));
    }

    [Fact]
    public async Task Requests_the_runtime_cannot_send_or_answer_fail_with_the_fix_or_the_runtimes_typed_error()
    {
        var project = fixture.NewProject("handler-bad");
        var settings = TestHost.Settings(fixture, project);
        settings["Sinch:Requests:MaxResponseBytes"] = "16";
        var host = await StartAsync(settings, s => s.AddHttpClient("sinch", Base).AddSinchActorsHandler(project.ProjectId));
        var runtime = host.Services.GetRequiredService<SinchRuntime>();
        using var invoker = new HttpMessageInvoker(new SinchActorsHandler(runtime, project.ProjectId));
        using var stranger = new HttpMessageInvoker(new SinchActorsHandler(runtime, "nobody"));

        var relative = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, KeysPath(project)), default));
        Assert.Contains("BaseAddress", relative.Message);
        var withHeader = new HttpRequestMessage(HttpMethod.Get, KeysPath(project));
        withHeader.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "mine");
        var authorized = await Assert.ThrowsAsync<InvalidOperationException>(() => Client(host, "sinch").SendAsync(withHeader));
        Assert.Contains("Authorization", authorized.Message);
        var foreign = await Assert.ThrowsAsync<ArgumentException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://example.com/v1/anything"), default));
        Assert.Contains("allow-any-base-url", foreign.Message);
        await Assert.ThrowsAsync<SinchUnknownProjectException>(() =>
            stranger.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Emulator.BaseUrl, KeysPath(project))), default));
        Assert.Equal(0, fixture.Emulator.Stats.ApiRequests(project.ProjectId));
        await Assert.ThrowsAsync<SinchResponseTooLargeException>(() => Client(host, "sinch").GetAsync(KeysPath(project)));
    }

    private void Base(HttpClient client) => client.BaseAddress = fixture.Emulator.BaseUrl;

    private static string KeysPath(SinchCredentials project) => $"v1/projects/{project.ProjectId}/accessKeys";

    private static HttpClient Client(IHost host, string name) => host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(name);

    private static Dictionary<string, string?> FastRetries(Dictionary<string, string?> settings)
    {
        settings["Sinch:Requests:BackoffBase"] = "00:00:00.001";
        settings["Sinch:Requests:BackoffMax"] = "00:00:00.005";
        return settings;
    }

    private async Task<IHost> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        var host = TestHost.BuildAlone(settings, services);
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    /// <summary>A body that can be read once only, as a network stream: a second send would find it consumed.</summary>
    private sealed class ReadOnceStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
