using Akka.Configuration;
using SinchActors.Requests;
using SinchActors.Configuration;

namespace SinchActors.Tests.Http;

/// <summary>Tokens and secrets travel only over https, and a request cannot send its project's token to any host it likes.</summary>
public class SecureUrlSpecs
{
    [Theory]
    [InlineData("https://example.com/", true)]
    [InlineData("http://127.0.0.1:5000/", true)]
    [InlineData("http://127.8.9.10/", true)]
    [InlineData("http://[::1]:81/", true)]
    [InlineData("http://localhost/", true)]
    [InlineData("http://example.com/", false)]
    [InlineData("http://10.0.0.1/", false)]
    [InlineData("ftp://127.0.0.1/", false)]
    [InlineData("https://user:pass@example.com/", false)]
    public void Https_everywhere_and_plain_http_only_on_loopback(string url, bool allowed) =>
        Assert.Equal(allowed, SinchActors.Http.SecureUrl.Problem(new Uri(url)) is null);

    [Fact]
    public void A_configured_http_base_url_to_a_remote_host_is_refused_naming_the_key_unless_insecure_http_is_allowed()
    {
        var config = ConfigurationFactory.ParseString("""sinch-actors.requests.base-urls.sms = "http://sms.example.com/" """)
            .WithFallback(SinchActors.Configuration.SinchActorsConfig.Reference);

        var error = Assert.Throws<ArgumentException>(() => SinchRequestSettings.FromConfig(config.GetConfig("sinch-actors.requests")));
        Assert.StartsWith("sinch-actors.requests.base-urls.sms must use https (http only for loopback hosts)", error.Message);

        var insecure = ConfigurationFactory.ParseString("sinch-actors.requests.allow-insecure-http = on").WithFallback(config);
        Assert.Equal(new Uri("http://sms.example.com/"), SinchRequestSettings.FromConfig(insecure.GetConfig("sinch-actors.requests")).BaseUrls[SinchApiFamily.Sms]);
    }

    [Fact]
    public void A_request_base_url_may_name_sinch_hosts_and_configured_ones_only_unless_any_is_allowed()
    {
        var configured = new Dictionary<SinchApiFamily, Uri> { [SinchApiFamily.Sms] = new("http://127.0.0.1:5000/") };
        var endpoints = new SinchEndpoints(configured);

        Assert.Equal("https://us.sms.api.sinch.com", endpoints.ForBaseUrl(new Uri("https://us.sms.api.sinch.com")).Prefix);
        Assert.NotNull(endpoints.ForBaseUrl(new Uri("http://127.0.0.1:5000/other/")));
        var elsewhere = Assert.Throws<ArgumentException>(() => endpoints.ForBaseUrl(new Uri("https://collector.example.com/")));
        Assert.Contains("sinch-actors.requests.allow-any-base-url", elsewhere.Message);
        var clear = Assert.Throws<ArgumentException>(() => endpoints.ForBaseUrl(new Uri("http://api.sinch.com/")));
        Assert.Contains("must use https", clear.Message);

        var open = new SinchEndpoints(configured, allowInsecureHttp: false, allowAnyBaseUrl: true);
        Assert.NotNull(open.ForBaseUrl(new Uri("https://collector.example.com/")));
        Assert.Throws<ArgumentException>(() => open.ForBaseUrl(new Uri("http://collector.example.com/")));
    }
}
