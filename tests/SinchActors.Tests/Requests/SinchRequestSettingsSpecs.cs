using Akka.Configuration;
using SinchActors.Hosting;
using SinchActors.Requests;

namespace SinchActors.Tests.Requests;

public class SinchRequestSettingsSpecs
{
    [Fact]
    public void Defaults_come_from_the_reference_configuration()
    {
        var settings = SinchRequestSettings.Default;
        Assert.Equal(TimeSpan.FromSeconds(10), settings.AttemptTimeout);
        Assert.Equal(3, settings.MaxRetries);
        Assert.Equal(10 * 1024 * 1024, settings.MaxResponseBytes);
        Assert.Empty(settings.BaseUrls);
    }

    [Fact]
    public void User_configuration_wins_and_base_urls_are_read_per_family()
    {
        var config = SinchActorsConfig.WithReferenceFallback(ConfigurationFactory.ParseString("""
            sinch-actors.requests { max-retries = 5, base-urls { access-keys = "http://127.0.0.1:9/", sms = "" } }
            """));
        var settings = SinchRequestSettings.FromConfig(config.GetConfig("sinch-actors.requests"));
        Assert.Equal(5, settings.MaxRetries);
        Assert.Equal(new Uri("http://127.0.0.1:9/"), Assert.Single(settings.BaseUrls).Value);
        Assert.Equal(SinchApiFamily.AccessKeys, settings.BaseUrls.Single().Key);
    }

    [Fact]
    public void Endpoints_resolve_regions_and_apply_overrides()
    {
        var endpoints = new SinchEndpoints(new Dictionary<SinchApiFamily, Uri> { [SinchApiFamily.Numbers] = new("http://localhost:5000/base/") });
        Assert.Equal("https://eu.conversation.api.sinch.com", endpoints.Resolve(SinchApiFamily.Conversation, SinchRegion.Eu).Prefix);
        Assert.Equal(new Uri("https://account.api.sinch.com/v1/projects/p/accessKeys?pageSize=5"),
            endpoints.Resolve(SinchApiFamily.AccessKeys, SinchRegion.Default).Combine("/v1/projects/p/accessKeys", "pageSize=5"));
        Assert.Equal(new Uri("http://localhost:5000/base/v1/x"), endpoints.Resolve(SinchApiFamily.Numbers, SinchRegion.Default).Combine("/v1/x", null));
        Assert.Throws<ArgumentException>(() => endpoints.Resolve(SinchApiFamily.Fax, SinchRegion.Br));
    }
}
