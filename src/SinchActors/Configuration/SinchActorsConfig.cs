using Akka.Configuration;

namespace SinchActors.Configuration;

/// <summary>The library's reference HOCON configuration (<c>hocon/sinch-actors.conf</c>), embedded in the assembly.</summary>
public static class SinchActorsConfig
{
    private static readonly Lazy<Config> LazyReference = new(LoadReference);

    /// <summary>
    /// The reference configuration: every knob with its default. Add it as a fallback so that user settings win.
    /// </summary>
    public static Config Reference => LazyReference.Value;

    /// <summary>
    /// Returns <paramref name="config"/> with the reference configuration as fallback, so every
    /// <c>sinch-actors</c> key has a value.
    /// </summary>
    /// <param name="config">The user's configuration; may be empty.</param>
    public static Config WithReferenceFallback(Config? config) =>
        config is null || config.IsEmpty ? Reference : config.WithFallback(Reference);

    private static Config LoadReference()
    {
        using var stream = typeof(SinchActorsConfig).Assembly.GetManifestResourceStream("SinchActors.reference.conf")
            ?? throw new InvalidOperationException("The embedded SinchActors reference configuration is missing.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
