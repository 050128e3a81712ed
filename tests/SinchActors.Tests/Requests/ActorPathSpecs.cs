using SinchActors.Emulator.Faults;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

public class ActorPathSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    [Fact]
    public void An_actor_tells_a_request_to_the_pool_and_receives_the_response_message()
    {
        var project = Fixture.NewProject("actor");
        var runtime = StartRuntime(null, project);
        var caller = CreateTestProbe();

        runtime.RequestPool.Tell(new SendSinchRequest(42, Get(project)), caller);

        var answer = caller.ExpectMsg<SinchRequestSucceeded>(TimeSpan.FromSeconds(10));
        Assert.Equal(42, answer.CorrelationId);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.Response.StatusCode);
    }

    [Fact]
    public void A_failed_actor_request_is_answered_with_the_typed_error()
    {
        var runtime = StartRuntime(null, Fixture.NewProject("actor"));
        var caller = CreateTestProbe();

        runtime.RequestPool.Tell(new SendSinchRequest("x", new SinchRequest(HttpMethod.Get, "nobody", SinchApiFamily.Sms, "/xms/v1/nobody/batches")), caller);

        var answer = caller.ExpectMsg<SinchRequestFailed>(TimeSpan.FromSeconds(10));
        Assert.Equal("x", answer.CorrelationId);
        Assert.IsType<SinchUnknownProjectException>(answer.Error);
    }

    // Fault caught: an actor-path request answered twice (two of success, failure, retry, deadline and shutdown both
    // completing it) or never. The actor path cannot be cancelled: only callers awaiting a task hold a token.
    [Fact]
    public async Task Every_actor_request_is_answered_exactly_once_across_success_failure_retry_deadline_and_shutdown()
    {
        var plain = Fixture.NewProject("once");
        var flaky = Fixture.NewProject("once-retried");
        var slow = Fixture.NewProject("once-late");
        var held = Fixture.NewProject("once-stopped");
        var runtime = StartRuntime(null, plain, flaky, slow, held);
        const int each = 3;
        Inject(flaky, new FaultRule { StatusCode = 503, Count = each });
        Inject(slow, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 30_000 });
        Inject(held, new FaultRule { Kind = FaultKind.Latency, LatencyMs = 30_000 });
        var caller = CreateTestProbe();
        var deadline = TimeSpan.FromMilliseconds(300);
        var requests = new Dictionary<string, SinchRequest>();
        for (var i = 0; i < each; i++)
        {
            requests[$"ok-{i}"] = Get(plain);
            requests[$"missing-{i}"] = Get(plain, "/accessKeys/no-such-key");
            requests[$"retried-{i}"] = Get(flaky);
            requests[$"late-{i}"] = Get(slow) with { Deadline = deadline };
            requests[$"stopped-{i}"] = Get(held);
        }

        foreach (var (id, request) in requests)
            runtime.RequestPool.Tell(new SendSinchRequest(id, request), caller);
        var answers = caller.ReceiveN(4 * each, TimeSpan.FromSeconds(15)).ToList();
        await OnTheWireAsync(held, each);
        await runtime.DisposeAsync();
        answers.AddRange(caller.ReceiveN(each, TimeSpan.FromSeconds(15)));

        caller.ExpectNoMsg(TimeSpan.Zero); // the runtime has stopped: nothing more can come
        var byId = answers.GroupBy(CorrelationIdOf).ToDictionary(g => g.Key, g => Assert.Single(g));
        Assert.Equal(requests.Keys.Order(), byId.Keys.Order());
        foreach (var (id, answer) in byId)
        {
            switch (id.Split('-')[0])
            {
                case "ok" or "retried":
                    Assert.Equal(System.Net.HttpStatusCode.OK, Assert.IsType<SinchRequestSucceeded>(answer).Response.StatusCode);
                    break;
                case "missing":
                    Assert.Equal(404, Assert.IsType<SinchApiException>(Assert.IsType<SinchRequestFailed>(answer).Error).StatusCode);
                    break;
                case "late":
                    Assert.IsType<SinchDeadlineExceededException>(Assert.IsType<SinchRequestFailed>(answer).Error);
                    break;
                default:
                    Assert.IsType<SinchShutdownException>(Assert.IsType<SinchRequestFailed>(answer).Error);
                    break;
            }
        }
        Assert.Equal(2 * each, Emulator.Stats.ApiRequests(flaky.ProjectId)); // each retried once
    }

    private static string CorrelationIdOf(object answer) => answer switch
    {
        SinchRequestSucceeded succeeded => (string)succeeded.CorrelationId,
        SinchRequestFailed failed => (string)failed.CorrelationId,
        _ => throw new InvalidOperationException($"unexpected answer {answer}"),
    };
}
