using System.Diagnostics.CodeAnalysis;
using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using SinchActors.Auth;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>Every admitted request is answered by its deadline plus a small grace, whatever happens to its messages.</summary>
public class DeadlineWatchdogSpecs
{
    private readonly FakeTimeProvider _time = new();
    private readonly InFlightLimiter _limiter = new(10, 10);
    private readonly ProjectHandle _project = new("p", ActorRefs.Nobody);

    [Fact]
    public async Task A_request_whose_envelope_is_lost_fails_with_deadline_exceeded_at_the_grace_and_frees_its_slot()
    {
        var completion = new TaskRequestCompletion();
        var envelope = Intake().Admit(Request(TimeSpan.FromSeconds(5)), completion, CancellationToken.None);
        Assert.NotNull(envelope); // ... and dropped: no worker ever sees it
        Assert.Equal(1, _limiter.InFlight);

        _time.Advance(TimeSpan.FromSeconds(5) + RequestCompletion.WatchdogGrace - TimeSpan.FromMilliseconds(1));
        Assert.False(completion.Task.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<SinchDeadlineExceededException>(() => completion.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("p", error.ProjectId);
        Assert.Equal(0, _limiter.InFlight);
    }

    [Fact]
    public async Task A_request_answered_in_time_leaves_no_watchdog_behind()
    {
        var completion = new TaskRequestCompletion();
        Intake().Admit(Request(TimeSpan.FromSeconds(5)), completion, CancellationToken.None);
        Assert.True(completion.TryFail(new SinchShutdownException("p")));

        _time.Advance(TimeSpan.FromMinutes(1));

        await Assert.ThrowsAsync<SinchShutdownException>(() => completion.Task);
        Assert.Equal(0, _limiter.InFlight);
    }

    [Fact]
    public async Task Cancelling_frees_the_slot_at_once()
    {
        using var cancellation = new CancellationTokenSource();
        var completion = new TaskRequestCompletion();
        Intake().Admit(Request(TimeSpan.FromSeconds(5)), completion, cancellation.Token);

        await cancellation.CancelAsync();

        Assert.True(completion.Task.IsCanceled);
        Assert.Equal(0, _limiter.InFlight);
    }

    private RequestIntake Intake() =>
        new(new OneProject(_project), new SinchEndpoints(new Dictionary<SinchApiFamily, Uri>()), _limiter, SinchRequestSettings.Default,
            _time, CancellationToken.None, CancellationToken.None);

    private static SinchRequest Request(TimeSpan deadline) =>
        new(HttpMethod.Get, "p", SinchApiFamily.AccessKeys, "/v1/x") { Deadline = deadline };
}
