using Akka.Actor;
using Akka.TestKit.Xunit2;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Requests;
using SinchActors.Hosting;
using SinchActors.Projects;

namespace SinchActors.Tests.Requests;

/// <summary>
/// Base of the specs that drive the real pipeline over HTTP against the emulator: tiny back-off so retries do not
/// slow the suite, every API family pointed at the emulator.
/// </summary>
[Collection(EmulatorCollection.Name)]
public abstract class PipelineSpec : TestKit, IAsyncLifetime
{
    private readonly List<SinchRuntime> _runtimes = [];

    private static readonly TimeSpan ServerPatience = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ServerPoll = TimeSpan.FromMilliseconds(10);
    private static readonly HttpMessageInvoker WorkerHttp = new(new SocketsHttpHandler());

    protected PipelineSpec(EmulatorFixture fixture, Xunit.Abstractions.ITestOutputHelper? output = null) : base("akka.loglevel = WARNING", output)
    {
        Fixture = fixture;
    }

    protected EmulatorFixture Fixture { get; }

    protected SinchEmulator Emulator => Fixture.Emulator;

    /// <summary>Options with tiny back-off and every API family pointed at the emulator; the rest from the reference configuration.</summary>
    protected SinchActorsOptions FastOptions()
    {
        var options = new SinchActorsOptions
        {
            Requests =
            {
                Workers = 4,
                BackoffBase = TimeSpan.FromMilliseconds(1),
                BackoffMax = TimeSpan.FromMilliseconds(10),
                AttemptTimeout = TimeSpan.FromSeconds(5),
                DefaultDeadline = TimeSpan.FromSeconds(20),
            },
        };
        foreach (var family in Enum.GetValues<SinchApiFamily>())
            options.Requests.BaseUrls[family.ToString()] = Emulator.BaseUrl.ToString();
        return options;
    }

    /// <summary>The request settings of <see cref="FastOptions"/>, for specs that assemble the pipeline's parts themselves.</summary>
    private protected SinchRequestSettings FastSettings => SinchRequestSettings.FromConfig(FastOptions().ToConfig().GetConfig("sinch-actors.requests"));

    /// <summary>Starts a runtime serving <paramref name="projects"/> with <see cref="FastOptions"/> changed by <paramref name="configure"/>; it is disposed with the spec.</summary>
    protected SinchRuntime StartRuntime(Action<SinchActorsOptions>? configure, params SinchCredentials[] projects) =>
        StartRuntime(configure, TimeProvider.System, projects);

    protected SinchRuntime StartRuntime(Action<SinchActorsOptions>? configure, TimeProvider time, params SinchCredentials[] projects)
    {
        var options = new SinchActorsOptions { TimeProvider = time };
        configure?.Invoke(options);
        return StartRuntimeWith(options, projects);
    }

    /// <summary>Starts a runtime with <paramref name="options"/> over <see cref="FastOptions"/>, serving <paramref name="projects"/>.</summary>
    protected SinchRuntime StartRuntimeWith(SinchActorsOptions options, params SinchCredentials[] projects)
    {
        var merged = FastOptions().Overlay(options);
        merged.RequestPoolName = $"sinch-requests-{_runtimes.Count}";
        merged.ProjectRegistryName = $"sinch-projects-{_runtimes.Count}";
        foreach (var project in projects)
            merged.AddProject(project);
        var runtime = SinchRuntime.Create(Sys, merged);
        _runtimes.Add(runtime);
        return runtime;
    }

    /// <summary>
    /// Akka's <c>AwaitConditionAsync</c> waits a tenth of <paramref name="max"/> between checks (1.5 s for a 15 s
    /// patience) although the conditions awaited here turn true within milliseconds; this one checks every 10 ms and
    /// still fails after <paramref name="max"/>.
    /// </summary>
    protected Task AwaitConditionAsync(Func<Task<bool>> condition, TimeSpan? max) =>
        base.AwaitConditionAsync(condition, max, TimeSpan.FromMilliseconds(10));

    /// <summary>Injects a fault into the Access Keys API of one project only.</summary>
    protected void Inject(SinchCredentials project, FaultRule rule) =>
        Emulator.Faults.Add(rule with { ProjectId = project.ProjectId, Target = FaultTarget.AccessKeys });

    protected long ApiRequests(SinchCredentials project) => Emulator.Stats.ApiRequests(project.ProjectId);

    /// <summary>Waits until <paramref name="count"/> of the project's requests are on the wire: arrived at the emulator, not answered yet.</summary>
    protected Task OnTheWireAsync(SinchCredentials project, int count = 1) =>
        AwaitAssertAsync(() => Assert.Equal(count, Emulator.Stats.ApiRequestsInProgress(project.ProjectId)), ServerPatience, ServerPoll);

    /// <summary>
    /// Waits until the emulator holds none of the project's requests, then asserts that <paramref name="aborted"/> of
    /// them ended because the client aborted them, not because they were answered.
    /// </summary>
    protected async Task AssertAbortedAtServerAsync(SinchCredentials project, int aborted = 1)
    {
        await AwaitAssertAsync(() => Assert.Equal(0, Emulator.Stats.ApiRequestsInProgress(project.ProjectId)), ServerPatience, ServerPoll);
        Assert.Equal(aborted, Emulator.Stats.ApiRequestsAborted(project.ProjectId));
    }

    /// <summary>A pool of one real request worker serving <paramref name="project"/>, whose token manager is <paramref name="manager"/>.</summary>
    private protected IActorRef StartWorkerPool(SinchCredentials project, IActorRef manager, out ProjectHandle handle)
    {
        handle = new ProjectHandle(project.ProjectId, manager);
        var settings = FastSettings;
        var runner = new AttemptRunner(new HttpAttemptSender(WorkerHttp, settings, TimeProvider.System), settings, TimeProvider.System, () => 0.5);
        var intake = new RequestIntake(new OneProject(handle), new SinchEndpoints(settings.BaseUrls), new InFlightLimiter(100, 100),
            settings, TimeProvider.System, new OutstandingCalls(), CancellationToken.None, CancellationToken.None,
            self => Sys.ActorOf(RequestWorker.Props(self, runner, TimeProvider.System)
                .WithRouter(SinchRuntime.RequestPoolRouter(settings with { Workers = 1, Routing = RequestRouting.RoundRobin }, Sys.Scheduler))));
        return intake.Pool; // round robin over one worker: the specs tell the managers' answers to the pool
    }

    /// <summary>A worker subscribes to a manager on first use, then asks it: nothing was pushed yet.</summary>
    private protected static TokenManager.GetCredential AskedAfterSubscribing(Akka.TestKit.TestProbe manager)
    {
        manager.ExpectMsg<TokenManager.SubscribeCredentials>(ServerPatience);
        return manager.ExpectMsg<TokenManager.GetCredential>(ServerPatience);
    }

    /// <summary>A token for <paramref name="project"/>, fetched from the emulator outside any runtime.</summary>
    protected static async Task<string> FetchTokenAsync(SinchCredentials project) =>
        (await new TokenClient(WorkerHttp, ServerPatience).FetchAsync(project, CancellationToken.None)).AccessToken;

    /// <summary>A credential carrying <paramref name="token"/> as generation 1 of <paramref name="issuer"/>.</summary>
    private protected static IssuedCredential Bearer(string token, IActorRef? issuer = null) => new(1, new("Bearer", token), SinchActors.Timing.MonotonicDeadline.Infinite, issuer);

    protected static SinchRequest Get(SinchCredentials project, string path = "/accessKeys") =>
        new(HttpMethod.Get, project.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{project.ProjectId}{path}");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var runtime in _runtimes)
            await runtime.DisposeAsync();
    }
}
