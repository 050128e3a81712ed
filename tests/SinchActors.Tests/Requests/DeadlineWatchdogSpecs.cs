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
    public async Task A_request_whose_envelope_is_lost_fails_with_deadline_exceeded_within_a_sweep_of_the_grace_and_frees_its_slot()
    {
        var intake = Intake();
        _time.Advance(TimeSpan.FromMilliseconds(100)); // admitted between two sweeps of the runtime's watchdog
        var completion = new TaskRequestCompletion();
        var envelope = intake.Admit(Request(TimeSpan.FromSeconds(5)), completion, CancellationToken.None);
        Assert.NotNull(envelope); // ... and dropped: no worker ever sees it
        Assert.Equal(1, _limiter.InFlight);

        _time.Advance(TimeSpan.FromSeconds(5) + RequestCompletion.WatchdogGrace - TimeSpan.FromMilliseconds(1));
        Assert.False(completion.Task.IsCompleted); // never before its deadline and grace
        _time.Advance(DeadlineSweeper.Interval + TimeSpan.FromMilliseconds(1));

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
    public async Task Many_requests_due_at_different_times_are_each_answered_within_a_sweep_of_their_own_due_time()
    {
        var intake = Intake();
        var completions = new List<(TimeSpan Deadline, TaskRequestCompletion Completion)>();
        foreach (var seconds in new[] { 3, 1, 70, 2, 1 }) // 70 s: past one turn of the wheel
        {
            var completion = new TaskRequestCompletion();
            intake.Admit(Request(TimeSpan.FromSeconds(seconds)), completion, CancellationToken.None);
            completions.Add((TimeSpan.FromSeconds(seconds), completion));
        }
        Assert.True(completions[1].Completion.TryFail(new SinchShutdownException("p"))); // one answered normally

        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromSeconds(75))
        {
            _time.Advance(DeadlineSweeper.Interval);
            elapsed += DeadlineSweeper.Interval;
            foreach (var (deadline, completion) in completions.Where(c => c.Completion != completions[1].Completion))
            {
                var due = deadline + RequestCompletion.WatchdogGrace;
                Assert.Equal(elapsed >= due, completion.IsCompleted); // answered; the task completes off the watchdog's thread
            }
        }
        Assert.Equal(0, _limiter.InFlight);
        await Assert.ThrowsAsync<SinchShutdownException>(() => completions[1].Completion.Task);
    }

    [Fact]
    public async Task Shutting_down_fails_every_request_the_watchdog_holds_and_any_admitted_after()
    {
        using var shutdown = new CancellationTokenSource();
        var intake = new RequestIntake(new OneProject(_project), new SinchEndpoints(new Dictionary<SinchApiFamily, Uri>()), _limiter,
            SinchRequestSettings.Default, _time, new OutstandingCalls(), metrics: null, CancellationToken.None, shutdown.Token);
        var before = new TaskRequestCompletion();
        intake.Admit(Request(TimeSpan.FromSeconds(5)), before, CancellationToken.None);

        await shutdown.CancelAsync();
        var after = new TaskRequestCompletion();
        intake.Admit(Request(TimeSpan.FromSeconds(5)), after, CancellationToken.None);

        await Assert.ThrowsAsync<SinchShutdownException>(() => before.Task);
        await Assert.ThrowsAsync<SinchShutdownException>(() => after.Task);
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
            _time, new OutstandingCalls(), metrics: null, CancellationToken.None, CancellationToken.None);

    private static SinchRequest Request(TimeSpan deadline) =>
        new(HttpMethod.Get, "p", SinchApiFamily.AccessKeys, "/v1/x") { Deadline = deadline };
}
