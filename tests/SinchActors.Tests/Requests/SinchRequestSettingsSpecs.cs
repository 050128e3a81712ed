using Akka.Configuration;
using Akka.Actor;
using SinchActors;
using SinchActors.Auth;
using SinchActors.Hosting;
using SinchActors.Projects;
using SinchActors.Requests;
using SinchActors.Configuration;

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
    public void The_SMS_region_option_sends_requests_that_name_no_region_to_that_regions_OAuth_host()
    {
        var settings = SinchRequestSettings.FromConfig(new SinchActorsOptions { Requests = { SmsRegion = SinchRegion.Eu } }.ToConfig().GetConfig("sinch-actors.requests"));
        var endpoints = new SinchEndpoints(settings);

        Assert.Equal(SinchRegion.Eu, settings.SmsRegion);
        Assert.Equal("https://zt.eu.sms.api.sinch.com", endpoints.Resolve(SinchApiFamily.Sms, SinchRegion.Default).Prefix);
        Assert.Equal("https://zt.us.sms.api.sinch.com", endpoints.Resolve(SinchApiFamily.Sms, SinchRegion.Us).Prefix);
        Assert.Equal("https://zt.us.sms.api.sinch.com", new SinchEndpoints(SinchRequestSettings.Default).Resolve(SinchApiFamily.Sms, SinchRegion.Default).Prefix);
    }

    [Fact]
    public void An_SMS_region_without_OAuth_is_refused_naming_the_setting()
    {
        var problems = new SinchActorsOptions { Requests = { SmsRegion = SinchRegion.Br } }.Validate();

        Assert.Contains(problems, p => p.Contains("Sinch:Requests:SmsRegion / sinch-actors.requests.sms-region", StringComparison.Ordinal) && p.Contains("us or eu", StringComparison.Ordinal));
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

    [Theory]
    [InlineData("workers = 0", "sinch-actors.requests.workers must be at least 1 (is 0).")]
    [InlineData("routing = random", "sinch-actors.requests.routing must be by-project or round-robin (is 'random').")]
    [InlineData("attempt-timeout = infinite", "sinch-actors.requests.attempt-timeout must be positive and finite (is infinite).")]
    [InlineData("default-deadline = 0s", "sinch-actors.requests.default-deadline must be positive and finite (is 00:00:00).")]
    [InlineData("circuit-breaker.minimum-throughput = 1", "sinch-actors.requests.circuit-breaker.minimum-throughput must be at least 2 (is 1).")]
    [InlineData("circuit-breaker.sampling-duration = 100ms", "sinch-actors.requests.circuit-breaker.sampling-duration must be at least 500ms (is 00:00:00.1000000).")]
    [InlineData("circuit-breaker.break-duration = 100ms", "sinch-actors.requests.circuit-breaker.break-duration must be at least 500ms (is 00:00:00.1000000).")]
    public void Invalid_configuration_is_refused_by_FromConfig_naming_the_key(string setting, string message)
    {
        var config = SinchActorsConfig.WithReferenceFallback(ConfigurationFactory.ParseString($"sinch-actors.requests.{setting}"));

        var error = Assert.Throws<ArgumentException>(() => SinchRequestSettings.FromConfig(config.GetConfig("sinch-actors.requests")));

        Assert.Equal(message, error.Message.Replace($" (Parameter '{error.ParamName}')", "", StringComparison.Ordinal));
        Assert.StartsWith(error.ParamName!, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_and_registry_settings_name_their_keys_too()
    {
        var auth = Assert.Throws<ArgumentException>(() => (TokenManagerSettings.Default with { MaxBackoff = TimeSpan.FromMilliseconds(1) }).Validate());
        var projects = Assert.Throws<ArgumentException>(() => (ProjectRegistrySettings.Default with { LookupTimeout = Timeout.InfiniteTimeSpan }).Validate());

        Assert.Equal("sinch-actors.auth.max-backoff", auth.ParamName);
        Assert.StartsWith("sinch-actors.auth.max-backoff must not be below min-backoff (is 00:00:00.0010000).", auth.Message, StringComparison.Ordinal);
        Assert.StartsWith("sinch-actors.projects.lookup-timeout must be positive (is infinite).", projects.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_given_in_code_are_validated_before_the_runtime_creates_any_actor()
    {
        using var system = ActorSystem.Create("invalid-settings", "akka.loglevel = OFF");
        var options = new SinchActorsOptions { Requests = { Workers = 0 } };

        var error = Assert.Throws<SinchConfigurationException>(() => SinchRuntime.Create(system, options));

        Assert.Equal(["Sinch:Requests:Workers / sinch-actors.requests.workers must be at least 1 (is 0)."], error.Problems);
        Assert.Throws<ActorNotFoundException>(() =>
            system.ActorSelection("/user/sinch-projects").ResolveOne(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-5000)]
    public void A_request_deadline_must_be_positive_and_finite(int milliseconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SinchRequest(HttpMethod.Get, "p", SinchApiFamily.Sms, "/x") { Deadline = TimeSpan.FromMilliseconds(milliseconds) });

        Assert.Equal(nameof(SinchRequest.Deadline), error.ParamName);
        Assert.Equal(TimeSpan.FromSeconds(3), new SinchRequest(HttpMethod.Get, "p", SinchApiFamily.Sms, "/x") { Deadline = TimeSpan.FromSeconds(3) }.Deadline);
    }
}
