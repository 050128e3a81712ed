using Akka.TestKit.Xunit2;
using SinchActors.Auth;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>
/// Base of the specs that drive the real pipeline over HTTP against the emulator: tiny back-off so retries do not
/// slow the suite, every API family pointed at the emulator.
/// </summary>
[Collection(EmulatorCollection.Name)]
public abstract class PipelineSpec : TestKit, IAsyncLifetime
{
    private readonly List<SinchRuntime> _runtimes = [];

    protected PipelineSpec(EmulatorFixture fixture, Xunit.Abstractions.ITestOutputHelper? output = null) : base("akka.loglevel = WARNING", output)
    {
        Fixture = fixture;
    }

    protected EmulatorFixture Fixture { get; }

    protected SinchEmulator Emulator => Fixture.Emulator;

    protected SinchRequestSettings FastSettings => SinchRequestSettings.Default with
    {
        Workers = 4,
        BackoffBase = TimeSpan.FromMilliseconds(1),
        BackoffMax = TimeSpan.FromMilliseconds(10),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        DefaultDeadline = TimeSpan.FromSeconds(20),
        BaseUrls = Enum.GetValues<SinchApiFamily>().ToDictionary(f => f, _ => Emulator.BaseUrl),
    };

    /// <summary>Starts a runtime serving <paramref name="projects"/>; it is disposed with the spec.</summary>
    protected SinchRuntime StartRuntime(SinchRequestSettings? settings, params SinchCredentials[] projects) =>
        StartRuntime(settings, TimeProvider.System, projects);

    protected SinchRuntime StartRuntime(SinchRequestSettings? settings, TimeProvider time, params SinchCredentials[] projects) =>
        StartRuntimeWith(new SinchRuntimeOptions { Requests = settings, TimeProvider = time }, projects);

    /// <summary>Starts a runtime with <paramref name="options"/> (fast request settings unless set) serving <paramref name="projects"/>.</summary>
    protected SinchRuntime StartRuntimeWith(SinchRuntimeOptions options, params SinchCredentials[] projects)
    {
        options.Requests ??= FastSettings;
        options.RequestPoolName = $"sinch-requests-{_runtimes.Count}";
        options.ProjectRegistryName = $"sinch-projects-{_runtimes.Count}";
        foreach (var project in projects)
            options.Projects.Add(project);
        var runtime = SinchRuntime.Create(Sys, options);
        _runtimes.Add(runtime);
        return runtime;
    }

    /// <summary>Injects a fault into the Access Keys API of one project only.</summary>
    protected void Inject(SinchCredentials project, FaultRule rule) =>
        Emulator.Faults.Add(rule with { ProjectId = project.ProjectId, Target = FaultTarget.AccessKeys });

    protected long ApiRequests(SinchCredentials project) => Emulator.Stats.ApiRequests(project.ProjectId);

    protected static SinchRequest Get(SinchCredentials project, string path = "/accessKeys") =>
        new(HttpMethod.Get, project.ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{project.ProjectId}{path}");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var runtime in _runtimes)
            await runtime.DisposeAsync();
    }
}
