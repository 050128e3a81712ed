using System.Diagnostics.Metrics;
using SinchActors.Auth;
using SinchActors.Diagnostics;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;
using SinchActors.Hosting;
using SinchActors.Requests;
using SinchActors.Tests.Auth;
using SinchActors.Tests.Hosting;
using Xunit.Abstractions;

namespace SinchActors.Tests.Requests;

/// <summary>
/// A call cancelled while it waits out a back-off sends no further attempt. The back-off runs on Akka's virtual
/// scheduler, so a long one passes in one <see cref="VirtualTimeTestKit.Advance"/>; the retry is seen through the
/// process-wide retries counter, hence the telemetry collection, which runs alone.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class RetryCancellationSpecs(ITestOutputHelper output) : VirtualTimeTestKit(output), IAsyncLifetime
{
    private static readonly TimeSpan BackoffMax = TimeSpan.FromMinutes(1);
    private const string ProjectId = "project-backoff";
    private const string KeyId = "key-backoff";
    private SinchEmulator _emulator = null!;
    private SinchRuntime _runtime = null!;

    public async Task InitializeAsync()
    {
        _emulator = await SinchEmulator.StartAsync(new EmulatorOptions { TimeProvider = Clock });
        var key = _emulator.SeedKey(ProjectId, KeyId, "secret-backoff");
        var options = new SinchActorsOptions
        {
            TimeProvider = Clock,
            Requests =
            {
                BackoffBase = BackoffMax / 2,
                BackoffMax = BackoffMax,
                DefaultDeadline = 10 * BackoffMax,
                Http = { MaxConnectionsPerServer = 1 },
            },
            Telemetry = { IncludeProjectTag = true },
        };
        foreach (var family in Enum.GetValues<SinchApiFamily>())
            options.Requests.BaseUrls[family.ToString()] = _emulator.BaseUrl.ToString();
        options.AddProject(new SinchCredentials(ProjectId, KeyId, key.Secret, _emulator.TokenUrl));
        _runtime = await SinchRuntime.CreateAsync(Sys, options);
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    // Fault caught: a cancelled call's retry going out after its back-off. Several guards stop it (the retry timer is
    // cancelled; the worker drops a completed envelope; the breaker and the attempt see the caller's token): this
    // spec holds them together, and goes red once all of them are broken.
    [Fact]
    public async Task A_call_cancelled_during_its_back_off_sends_no_further_attempt()
    {
        _emulator.Faults.Add(new FaultRule { Target = FaultTarget.AccessKeys, ProjectId = ProjectId, StatusCode = 503, Count = 1 });
        using var retries = new RetryWatch(ProjectId);
        using var cancellation = new CancellationTokenSource();

        var call = _runtime.Client.SendAsync(Get(), cancellation.Token);
        await retries.Scheduled.WaitAsync(Patience);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Patience));
        Advance(BackoffMax); // past any back-off: a retry still scheduled is handed to the pool now

        // Two requests in turn over the one connection: a retry the back-off had released would take the connection
        // before the second of them, so it would be answered, and counted, by the time the second is.
        await _runtime.Client.SendAsync(Get()).WaitAsync(Patience);
        await _runtime.Client.SendAsync(Get()).WaitAsync(Patience);
        Assert.Equal(1, _emulator.Stats.ApiRequests(ProjectId, 503));
        Assert.Equal(3, _emulator.Stats.ApiRequests(ProjectId)); // the 503 and the two after it: no retry went out
    }

    private static SinchRequest Get() => new(HttpMethod.Get, ProjectId, SinchApiFamily.AccessKeys, $"/v1/projects/{ProjectId}/accessKeys");

    /// <summary>Completes <see cref="Scheduled"/> when the runtime counts a retry of the project.</summary>
    private sealed class RetryWatch : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly TaskCompletionSource _scheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RetryWatch(string projectId)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SinchActorsTelemetry.Name && instrument.Name == "sinch.retries")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == SinchActorsTelemetry.ProjectTag && (string?)tag.Value == projectId)
                        _scheduled.TrySetResult();
            });
            _listener.Start();
        }

        public Task Scheduled => _scheduled.Task;

        public void Dispose() => _listener.Dispose();
    }
}
