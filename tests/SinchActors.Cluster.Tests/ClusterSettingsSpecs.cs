using Akka.Configuration;
using SinchActors.Cluster.Configuration;
using SinchActors.Cluster.Hosting;

namespace SinchActors.Cluster.Tests;

/// <summary><c>sinch-actors.cluster</c>: defaults only in the reference configuration, options that emit only what they set, errors that name the key.</summary>
public sealed class ClusterSettingsSpecs
{
    [Fact]
    public void The_defaults_come_from_the_embedded_reference_configuration()
    {
        var settings = SinchClusterSettings.Default;

        Assert.Equal("sinch-token-manager", settings.TypeName);
        Assert.Null(settings.Role);
        Assert.Equal(50, settings.NumberOfShards);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.ResubscribeInterval);
        Assert.Equal(settings.TypeName, SinchClusterConfig.Reference.GetString("sinch-actors.cluster.type-name"));
    }

    [Fact]
    public void Options_emit_only_the_values_set_and_win_over_the_actor_systems_configuration()
    {
        Assert.True(new SinchClusterOptions().ToConfig().IsEmpty);

        var options = new SinchClusterOptions { Role = "tokens", ResubscribeInterval = TimeSpan.FromMilliseconds(500) };
        var system = ConfigurationFactory.ParseString("sinch-actors.cluster { role = other, number-of-shards = 12 }");
        var settings = SinchClusterSettings.FromConfig(options.ToConfig().WithFallback(system));

        Assert.False(options.ToConfig().HasPath("sinch-actors.cluster.type-name"));
        Assert.Equal("tokens", settings.Role);
        Assert.Equal(12, settings.NumberOfShards);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.ResubscribeInterval);
        Assert.Equal("sinch-token-manager", settings.TypeName);
    }

    [Theory]
    [InlineData("number-of-shards = 0", "sinch-actors.cluster.number-of-shards must be at least 1 (is 0).")]
    [InlineData("number-of-shards = many", "sinch-actors.cluster.number-of-shards must be a whole number (is many).")]
    [InlineData("resubscribe-interval = 0s", "sinch-actors.cluster.resubscribe-interval must be positive (is 00:00:00).")]
    [InlineData("resubscribe-interval = -1s", "sinch-actors.cluster.resubscribe-interval must be a positive duration such as 2s (is -1s).")]
    [InlineData("type-name = \" \"", "sinch-actors.cluster.type-name must name the shard region (is empty).")]
    public void A_bad_value_in_HOCON_is_reported_by_its_full_key(string hocon, string message)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SinchClusterSettings.FromConfig(ConfigurationFactory.ParseString($"sinch-actors.cluster {{ {hocon} }}")));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_option_fails_when_the_setup_is_made_naming_its_key()
    {
        var error = Assert.Throws<ArgumentException>(() => SinchCluster.Setup(new SinchClusterOptions { NumberOfShards = 0 }));

        Assert.Equal("sinch-actors.cluster.number-of-shards", error.ParamName);
    }
}
