using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Hosting;
using SinchActors.Configuration;

namespace SinchActors.Tests.Auth;

public sealed class SinchCredentialsSpecs
{
    private const string Secret = "s3cr3t-value";

    [Theory]
    [InlineData("", "key", Secret, "projectId")]
    [InlineData("   ", "key", Secret, "projectId")]
    [InlineData("project", "ke\ny", Secret, "keyId")]
    [InlineData("project", "ke:y", Secret, "keyId")]
    [InlineData("project", "key", " padded", "keySecret")]
    [InlineData("project", "key", "with\u0007bell", "keySecret")]
    public void Invalid_values_are_refused_naming_the_parameter_without_echoing_the_secret(string projectId, string keyId, string secret, string parameter)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new SinchCredentials(projectId, keyId, secret));

        Assert.Equal(parameter, error.ParamName);
        Assert.DoesNotContain(secret.Trim(), error.Message);
    }

    [Fact]
    public void Over_long_and_null_values_are_refused()
    {
        Assert.Equal("keySecret", Assert.ThrowsAny<ArgumentException>(() => new SinchCredentials("p", "k", new string('x', 513))).ParamName);
        Assert.Equal("projectId", Assert.ThrowsAny<ArgumentException>(() => new SinchCredentials(new string('p', 129), "k", Secret)).ParamName);
        Assert.Equal("keyId", Assert.ThrowsAny<ArgumentException>(() => new SinchCredentials("p", null!, Secret)).ParamName);
    }

    [Theory]
    [InlineData("http://auth.example.com/oauth2/token")]
    [InlineData("https://user:pw@auth.example.com/oauth2/token")]
    [InlineData("ftp://auth.example.com/")]
    public void Insecure_auth_urls_are_refused(string url) =>
        Assert.Equal("authUrl", Assert.ThrowsAny<ArgumentException>(() => new SinchCredentials("p", "k", Secret, new Uri(url))).ParamName);

    [Fact]
    public void The_default_authority_is_global_and_ToString_masks_the_secret()
    {
        var credentials = new SinchCredentials("project", "key", Secret);

        Assert.Equal(new Uri("https://auth.sinch.com/oauth2/token"), credentials.AuthUrl);
        Assert.Equal("us.auth.sinch.com", SinchAuthority.Us.Host);
        Assert.Equal("eu.auth.sinch.com", SinchAuthority.Eu.Host);
        Assert.DoesNotContain(Secret, credentials.ToString());
        Assert.DoesNotContain(credentials.BasicAuthorization.Parameter!, credentials.ToString());
        Assert.Contains("key", credentials.ToString());
    }

    [Fact]
    public void Settings_from_the_reference_HOCON_equal_the_defaults_and_overrides_apply()
    {
        var reference = SinchActorsConfig.Reference.GetConfig("sinch-actors.auth");
        Assert.Equal(TokenManagerSettings.Default, TokenManagerSettings.FromConfig(reference));

        var custom = TokenManagerSettings.FromConfig(ConfigurationFactory.ParseString("refresh-fraction = 0.5\nsafety-margin = 5s").WithFallback(reference));
        Assert.Equal((0.5, TimeSpan.FromSeconds(5)), (custom.RefreshFraction, custom.SafetyMargin));
        Assert.Throws<ArgumentException>(() => TokenManagerSettings.FromConfig(ConfigurationFactory.ParseString("refresh-fraction = 1.5")));
    }
}
