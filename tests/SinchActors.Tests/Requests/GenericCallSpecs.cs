using System.Text.Json;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

public class GenericCallSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    [Fact]
    public async Task Another_api_family_is_reached_through_its_base_url_override_and_its_error_shape_is_parsed()
    {
        var project = Fixture.NewProject("sms");
        var client = StartRuntime(null, project).Client;

        var created = await client.SendAsync(new SinchRequest(HttpMethod.Post, project.ProjectId, SinchApiFamily.Sms, $"/xms/v1/{project.ProjectId}/batches")
        {
            Body = """{"from":"12345","to":["46700000000"],"body":"hello"}"""u8.ToArray(),
            Region = SinchRegion.Eu,
        }).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(JsonDocument.Parse(created.Body).RootElement.TryGetProperty("id", out _));

        var error = await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(
            new SinchRequest(HttpMethod.Get, project.ProjectId, SinchApiFamily.Sms, $"/xms/v1/{project.ProjectId}/batches/nope")).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(404, error.StatusCode);
        Assert.NotNull(error.Code);
        Assert.NotEqual("", error.ErrorMessage);
    }
}
