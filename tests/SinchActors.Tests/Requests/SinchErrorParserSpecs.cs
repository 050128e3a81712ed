using System.Text;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

public class SinchErrorParserSpecs
{
    private static SinchApiException Parse(int status, string body, string? reason = "Reason") =>
        SinchErrorParser.Parse(status, reason, Encoding.UTF8.GetBytes(body), "GET", "/v1/x", "p1", maxRawBodyBytes: 64);

    [Fact]
    public void Shape_one_nested_error_object_gives_code_status_message_and_details()
    {
        var error = Parse(404, """{"error":{"code":404,"message":"Key not found","status":"NOT_FOUND","details":[{"type_url":"t","value":"v"}]}}""");
        Assert.Equal(("404", "NOT_FOUND", "Key not found"), (error.Code, error.StatusText, error.ErrorMessage));
        Assert.Equal("""{"type_url":"t","value":"v"}""", Assert.Single(error.Details));
        Assert.Equal((404, "GET", "/v1/x", "p1"), (error.StatusCode, error.Method, error.Path, error.ProjectId));
    }

    [Fact]
    public void Shape_two_code_and_text_as_in_sms()
    {
        var error = Parse(400, """{"code":"syntax_invalid_parameter_format","text":"Bad number"}""");
        Assert.Equal(("syntax_invalid_parameter_format", null, "Bad number"), (error.Code, error.StatusText, error.ErrorMessage));
    }

    [Fact]
    public void Shape_three_error_code_message_reference_and_status()
    {
        var error = Parse(404, """{"errorCode":40400,"message":"No call","reference":"ref-1","status":"404 Not Found"}""");
        Assert.Equal(("40400", "404 Not Found", "No call"), (error.Code, error.StatusText, error.ErrorMessage));
        Assert.Equal("\"ref-1\"", Assert.Single(error.Details));
    }

    [Fact]
    public void Shape_four_type_title_detail_from_the_error_registry()
    {
        var error = Parse(429, """{"type":"https://errors/too-many","title":"Too Many Requests","detail":"Slow down"}""");
        Assert.Equal(("https://errors/too-many", "Too Many Requests", "Slow down"), (error.Code, error.StatusText, error.ErrorMessage));
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void Rfc6749_error_string_and_description()
    {
        var error = Parse(401, """{"error":"invalid_client","error_description":"Bad key"}""");
        Assert.Equal(("invalid_client", "Bad key"), (error.Code, error.ErrorMessage));
        Assert.False(error.IsTransient);
    }

    [Fact]
    public void Empty_body_is_described_by_the_reason_phrase()
    {
        var error = Parse(503, "", "Service Unavailable");
        Assert.Equal(("Service Unavailable (empty body)", "", null), (error.ErrorMessage, error.RawBody, error.Code));
    }

    [Fact]
    public void Html_body_is_kept_raw_and_truncated()
    {
        var html = "<html><head><title>502 Bad Gateway</title></head><body>" + new string('x', 200) + "</body></html>";
        var error = Parse(502, html, "Bad Gateway");
        Assert.Equal("Bad Gateway (body not in a known error format)", error.ErrorMessage);
        Assert.StartsWith("<html>", error.RawBody);
        Assert.Equal(64 + 1, error.RawBody.Length); // 64 bytes plus the ellipsis
    }

    [Fact]
    public void Json_of_unexpected_types_falls_back_instead_of_throwing()
    {
        var error = Parse(500, """{"message":42}""");
        Assert.Equal("Reason (body not in a known error format)", error.ErrorMessage);
    }

    [Fact]
    public void A_message_that_is_an_object_and_details_that_are_a_string_are_read_as_far_as_they_go()
    {
        var error = Parse(400, """{"error":{"code":400,"message":{"text":"nested"},"status":"INVALID","details":"one detail"}}""");
        Assert.Equal(("400", "INVALID", "Reason (body not in a known error format)"), (error.Code, error.StatusText, error.ErrorMessage));
        Assert.Equal("\"one detail\"", Assert.Single(error.Details));
    }

    [Theory]
    [InlineData("{\"error\":{\"code\":404,\"mess")]
    [InlineData("{\"error\":[1,2]}")]
    [InlineData("{\"errorCode\":{},\"reference\":[1]}")]
    public void Truncated_or_oddly_typed_bodies_still_give_an_api_error_with_the_raw_body(string body)
    {
        var error = Parse(502, body);
        Assert.Equal(502, error.StatusCode);
        Assert.StartsWith(body[..Math.Min(body.Length, 10)], error.RawBody);
    }
}
