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
}
