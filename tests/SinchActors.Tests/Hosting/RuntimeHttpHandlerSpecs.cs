using System.Net;
using SinchActors.Hosting;
using SinchActors.Requests;

namespace SinchActors.Tests.Hosting;

public class RuntimeHttpHandlerSpecs
{
    [Theory]
    [InlineData(null, DecompressionMethods.None)] // the reference configuration: off, like a raw HttpClient
    [InlineData(true, DecompressionMethods.All)]
    [InlineData(false, DecompressionMethods.None)]
    public void The_runtime_handler_decompresses_bodies_as_automatic_decompression_says(bool? setting, DecompressionMethods expected)
    {
        var options = new SinchActorsOptions();
        options.Requests.Http.AutomaticDecompression = setting;
        var settings = SinchRequestSettings.FromConfig(options.ToConfig().GetConfig("sinch-actors.requests") ?? Akka.Configuration.Config.Empty);

        using var handler = (SocketsHttpHandler)RuntimeHttpHandler.Create(options, settings, tokenFetches: 1);

        Assert.Equal(expected, handler.AutomaticDecompression);
    }
}
