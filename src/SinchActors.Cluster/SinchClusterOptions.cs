using System.Globalization;
using System.Text;
using Akka.Configuration;

namespace SinchActors.Cluster;

/// <summary>
/// Code options of cluster mode (<c>SinchCluster.Setup</c>, <c>WithSinchActorsCluster</c>). Every knob is nullable:
/// only the values set here are emitted as HOCON (<see cref="ToConfig"/>), over the actor system's
/// <c>sinch-actors.cluster</c> section and the reference configuration (<c>hocon/sinch-actors-cluster.conf</c>),
/// which alone holds the defaults and explains each knob.
/// </summary>
public sealed class SinchClusterOptions
{
    /// <summary><c>sinch-actors.cluster.type-name</c>: the shard region's type name, the same on every node.</summary>
    public string? TypeName { get; set; }

    /// <summary>
    /// <c>sinch-actors.cluster.role</c>: only nodes with this role host token managers; the others reach them through a
    /// shard-region proxy and still serve requests with node-local credentials. Empty: every node.
    /// </summary>
    public string? Role { get; set; }

    /// <summary><c>sinch-actors.cluster.number-of-shards</c>: shards the keys are spread over, fixed for the life of the cluster.</summary>
    public int? NumberOfShards { get; set; }

    /// <summary><c>sinch-actors.cluster.resubscribe-interval</c>: how often a node asks again for a key whose manager has not answered.</summary>
    public TimeSpan? ResubscribeInterval { get; set; }

    /// <summary>The HOCON of the values set here (under <c>sinch-actors.cluster</c>); empty when none is set.</summary>
    public Config ToConfig()
    {
        var hocon = new StringBuilder();
        if (TypeName is not null)
            hocon.AppendLine(CultureInfo.InvariantCulture, $"sinch-actors.cluster.type-name = {Quote(TypeName)}");
        if (Role is not null)
            hocon.AppendLine(CultureInfo.InvariantCulture, $"sinch-actors.cluster.role = {Quote(Role)}");
        if (NumberOfShards is { } shards)
            hocon.AppendLine(CultureInfo.InvariantCulture, $"sinch-actors.cluster.number-of-shards = {shards}");
        if (ResubscribeInterval is { } interval)
            hocon.AppendLine(CultureInfo.InvariantCulture, $"sinch-actors.cluster.resubscribe-interval = {interval.TotalMilliseconds:R}ms");
        return hocon.Length == 0 ? Config.Empty : ConfigurationFactory.ParseString(hocon.ToString());
    }

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
