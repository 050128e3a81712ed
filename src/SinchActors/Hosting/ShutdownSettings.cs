using Akka.Configuration;
using SinchActors.Configuration;

namespace SinchActors.Hosting;

/// <summary>The graceful shutdown's settings, read from <c>sinch-actors.shutdown</c> (defaults in the reference configuration).</summary>
internal sealed record ShutdownSettings(TimeSpan DrainTimeout, string Phase)
{
    /// <summary>Reads a <c>sinch-actors.shutdown</c> section, the reference configuration's section as its fallback.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static ShutdownSettings FromConfig(Config shutdown)
    {
        ArgumentNullException.ThrowIfNull(shutdown);
        shutdown = shutdown.WithFallback(SinchActorsConfig.Reference.GetConfig("sinch-actors.shutdown"));
        var settings = new ShutdownSettings(shutdown.GetTimeSpan("drain-timeout", null, allowInfinite: false), shutdown.GetString("phase"));
        SettingRule.Require(settings.DrainTimeout >= TimeSpan.Zero, "sinch-actors.shutdown.drain-timeout", "must not be negative", settings.DrainTimeout);
        SettingRule.Require(!string.IsNullOrWhiteSpace(settings.Phase), "sinch-actors.shutdown.phase", "must name a coordinated-shutdown phase", settings.Phase ?? "");
        return settings;
    }
}
