using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>What no runtime could send cannot be built: the request's constructor refuses it, naming the argument.</summary>
public class SinchRequestSpecs
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_request_without_a_project_id_cannot_be_created(string? projectId)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new SinchRequest(HttpMethod.Get, projectId!, SinchApiFamily.AccessKeys, "/v1"));

        Assert.Equal("projectId", error.ParamName);
    }

    [Fact]
    public void A_request_with_a_relative_base_url_cannot_be_created()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new SinchRequest(HttpMethod.Get, "project", new Uri("/api", UriKind.Relative), "/v1"));

        Assert.Equal("baseUrl", error.ParamName);
    }
}
