using SinchActors.Emulator.Faults;

namespace SinchActors.Tests.Requests;

public class ErrorShapeSpecs(EmulatorFixture fixture) : PipelineSpec(fixture)
{
    public static TheoryData<string, string?, string?, string> Shapes => new()
    {
        { """{"error":{"code":404,"message":"Key gone","status":"NOT_FOUND","details":[]}}""", "404", "NOT_FOUND", "Key gone" },
        { """{"code":"unknown_batch","text":"No such batch"}""", "unknown_batch", null, "No such batch" },
        { """{"errorCode":40400,"message":"No such call","reference":"r-1","status":"404 Not Found"}""", "40400", "404 Not Found", "No such call" },
        { """{"type":"https://developers.sinch.com/errors/not-found","title":"Not Found","detail":"Nothing here"}""",
            "https://developers.sinch.com/errors/not-found", "Not Found", "Nothing here" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_sinch_error_shape_becomes_an_api_error_with_its_fields(string body, string? code, string? statusText, string message)
    {
        var project = Fixture.NewProject("shape");
        var client = StartRuntime(null, project).Client;
        Inject(project, new FaultRule { StatusCode = 404, Body = FaultBody.Raw, RawBody = body });

        var error = await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(Get(project)).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal((404, code, statusText, message), (error.StatusCode, error.Code, error.StatusText, error.ErrorMessage));
        Assert.Equal(body, error.RawBody);
        Assert.Equal(("GET", $"/v1/projects/{project.ProjectId}/accessKeys", project.ProjectId), (error.Method, error.Path, error.ProjectId));
        Assert.DoesNotContain("Bearer", error.ToString());
    }

    [Theory]
    [InlineData(FaultBody.Empty, "(empty body)")]
    [InlineData(FaultBody.Html, "(body not in a known error format)")]
    public async Task Empty_and_html_bodies_become_api_errors_described_by_status(FaultBody kind, string described)
    {
        var project = Fixture.NewProject("nonjson");
        var client = StartRuntime(o => o.Requests.MaxRetries = 0, project).Client;
        Inject(project, new FaultRule { StatusCode = 502, Body = kind });

        var error = await Assert.ThrowsAsync<SinchApiException>(() => client.SendAsync(Get(project)).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(502, error.StatusCode);
        Assert.EndsWith(described, error.ErrorMessage);
        Assert.Null(error.Code);
        Assert.True(error.IsTransient);
        if (kind == FaultBody.Html)
            Assert.Contains("nginx", error.RawBody);
    }
}
