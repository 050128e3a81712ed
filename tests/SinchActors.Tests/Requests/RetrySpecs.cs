using SinchActors.Emulator.Faults;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

public class RetrySpecs(EmulatorFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : PipelineSpec(fixture, output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_get_that_got_503_twice_is_retried_until_it_succeeds()
    {
        var project = Fixture.NewProject("get503");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { StatusCode = 503, Count = 2 });

        var response = await client.SendAsync(Get(project)).WaitAsync(Patience);

        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, ApiRequests(project));
    }
}
