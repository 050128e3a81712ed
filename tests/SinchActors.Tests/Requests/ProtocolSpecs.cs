using System.Net;
using Akka.TestKit.Xunit2;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

/// <summary>The actor-native protocol is plain data: it survives Akka's serializer unchanged, ready for cluster mode.</summary>
public class ProtocolSpecs() : TestKit("akka.loglevel = WARNING")
{
    [Fact]
    public void A_request_crosses_the_wire_with_method_body_and_every_option()
    {
        var request = new SinchRequest("POST", "p1", new Uri("https://eu.sms.api.sinch.com/xms/"), "/v1/p1/batches")
        {
            Body = "{\"to\":[\"+46\"]}"u8.ToArray(), Query = "a=1", Deadline = TimeSpan.FromSeconds(7), Idempotent = true, Region = SinchRegion.Eu,
        };

        var back = RoundTrip(new SendSinchRequest("order-42", request));

        Assert.Equal("order-42", back.CorrelationId);
        var copy = back.Request;
        Assert.Equal((request.Method, request.ProjectId, request.BaseUrl, request.Path, request.Query, request.Deadline, request.Idempotent, request.Region),
            (copy.Method, copy.ProjectId, copy.BaseUrl, copy.Path, copy.Query, copy.Deadline, copy.Idempotent, copy.Region));
        Assert.Equal(request.Body, copy.Body);
        Assert.True(copy.IsIdempotent);
    }

    [Fact]
    public void A_family_request_and_a_response_with_headers_cross_the_wire()
    {
        var request = new SinchRequest(HttpMethod.Get, "p1", SinchApiFamily.Numbers, "/v1/projects/p1/activeNumbers");
        Assert.Equal((SinchApiFamily.Numbers, (Uri?)null, "GET"), (RoundTrip(new SendSinchRequest(7, request)).Request.Family, request.BaseUrl, request.Method));

        var response = new SinchResponse(HttpStatusCode.Created, new Dictionary<string, string[]> { ["Content-Type"] = ["application/json"] }, "{}"u8.ToArray(), 2);
        var back = RoundTrip(new SinchRequestSucceeded("c", response)).Response;

        Assert.Equal((HttpStatusCode.Created, 2, "{}"), (back.StatusCode, back.Attempts, System.Text.Encoding.UTF8.GetString(back.Body)));
        Assert.Equal(["application/json"], back.Headers["content-type"]);
    }

    private T RoundTrip<T>(T message) where T : notnull
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        return (T)serializer.FromBinary(serializer.ToBinary(message), typeof(T));
    }
}
