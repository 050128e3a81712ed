using Akka.Configuration;

namespace SinchActors.Cluster.Configuration;

/// <summary>
/// The cluster package's reference HOCON configuration (<c>hocon/sinch-actors-cluster.conf</c>), embedded in the
/// assembly: every <c>sinch-actors.cluster</c> knob with its default and meaning.
/// </summary>
public static class SinchClusterConfig
{
    private static readonly Lazy<Config> LazyReference = new(LoadReference);

    /// <summary>The reference configuration; cluster mode adds it to the actor system as a fallback, so user settings win.</summary>
    public static Config Reference => LazyReference.Value;

    private static Config LoadReference()
    {
        using var stream = typeof(SinchClusterConfig).Assembly.GetManifestResourceStream("SinchActors.Cluster.reference.conf")
            ?? throw new InvalidOperationException("The embedded SinchActors.Cluster reference configuration is missing.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
