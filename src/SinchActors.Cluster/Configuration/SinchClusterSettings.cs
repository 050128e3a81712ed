using Akka.Configuration;
using SinchActors.Configuration;

namespace SinchActors.Cluster.Configuration;

/// <summary>
/// The cluster mode's settings in effect, read from <c>sinch-actors.cluster</c>; their defaults and meaning live only in
/// the reference configuration (<c>hocon/sinch-actors-cluster.conf</c>).
/// </summary>
internal sealed record SinchClusterSettings
{
    private const string Section = "sinch-actors.cluster";

    /// <summary>The reference configuration's values.</summary>
    public static SinchClusterSettings Default { get; } = FromConfig(Config.Empty);

    /// <summary>The shard region's type name, the same on every node.</summary>
    public required string TypeName { get; init; }

    /// <summary>The cluster role of the nodes that host token managers; <c>null</c>: every node.</summary>
    public required string? Role { get; init; }

    /// <summary>Shards the keys are spread over.</summary>
    public required int NumberOfShards { get; init; }

    /// <summary>How often a node asks again to subscribe to a key whose manager has not answered.</summary>
    public required TimeSpan ResubscribeInterval { get; init; }

    /// <summary>Reads the settings from a configuration's <c>sinch-actors.cluster</c> section over the reference configuration's.</summary>
    /// <param name="config">A whole configuration (the actor system's, or options' HOCON over it); may be empty.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static SinchClusterSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var cluster = config.WithFallback(SinchClusterConfig.Reference).GetConfig(Section);
        var role = cluster.GetString("role").Trim();
        return new SinchClusterSettings
        {
            TypeName = cluster.GetString("type-name").Trim(),
            Role = role.Length == 0 ? null : role,
            NumberOfShards = Read(cluster, "number-of-shards", "must be a whole number", key => cluster.GetInt(key)),
            ResubscribeInterval = Read(cluster, "resubscribe-interval", "must be a positive duration such as 2s",
                key => cluster.GetTimeSpan(key, null, allowInfinite: false)),
        }.Validate();
    }

    private SinchClusterSettings Validate()
    {
        Require(TypeName.Length > 0, "type-name", "must name the shard region", "empty");
        Require(NumberOfShards >= 1, "number-of-shards", "must be at least 1", NumberOfShards);
        Require(ResubscribeInterval > TimeSpan.Zero, "resubscribe-interval", "must be positive", ResubscribeInterval);
        return this;
    }

    /// <summary>A value HOCON cannot parse (a negative duration, a word for a number) is reported by its key too.</summary>
    private static T Read<T>(Config cluster, string key, string rule, Func<string, T> read)
    {
        try
        {
            return read(key);
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or OverflowException)
        {
            throw new ArgumentException($"{Section}.{key} {rule} (is {cluster.GetString(key)}).", $"{Section}.{key}", e);
        }
    }

    private static void Require(bool holds, string key, string rule, object value) =>
        SettingRule.Require(holds, $"{Section}.{key}", rule, value);
}
