namespace SinchActors.Cluster;

/// <summary>
/// How SinchActors runs in an Akka.NET cluster. Every value has a default; set only what you need.
/// </summary>
public sealed class SinchClusterOptions
{
    /// <summary>The shard region's type name; every node must use the same. Default <c>sinch-token-manager</c>.</summary>
    public string TypeName { get; set; } = "sinch-token-manager";

    /// <summary>
    /// Only nodes with this role host token managers; the others reach them through a shard-region proxy and still
    /// serve requests with node-local credentials. <c>null</c> (default): every node hosts managers.
    /// </summary>
    public string? Role { get; set; }

    /// <summary>Shards the keys are spread over; fixed for the life of the cluster. Default 50 (about ten per hosting node is a good size).</summary>
    public int NumberOfShards { get; set; } = 50;

    /// <summary>
    /// How often a node asks again to subscribe to a key whose manager has not answered (it is starting, or moving
    /// after its node left or died). Default 2 s.
    /// </summary>
    public TimeSpan ResubscribeInterval { get; set; } = TimeSpan.FromSeconds(2);

    internal SinchClusterOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(TypeName))
            throw new ArgumentException("SinchClusterOptions.TypeName must not be empty.", nameof(TypeName));
        if (Role is not null && string.IsNullOrWhiteSpace(Role))
            throw new ArgumentException("SinchClusterOptions.Role must be null or a role name.", nameof(Role));
        if (NumberOfShards < 1)
            throw new ArgumentException($"SinchClusterOptions.NumberOfShards must be at least 1 (was {NumberOfShards}).", nameof(NumberOfShards));
        if (ResubscribeInterval <= TimeSpan.Zero)
            throw new ArgumentException($"SinchClusterOptions.ResubscribeInterval must be positive (was {ResubscribeInterval}).", nameof(ResubscribeInterval));
        return this;
    }
}
