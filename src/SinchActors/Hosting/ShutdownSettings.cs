using Akka.Configuration;
using SinchActors.Configuration;
using Row = SinchActors.Configuration.SettingRow<SinchActors.Hosting.ShutdownSettings>;

namespace SinchActors.Hosting;

/// <summary>The graceful shutdown's settings, read from <c>sinch-actors.shutdown</c> (defaults in the reference configuration).</summary>
internal sealed record ShutdownSettings
{
    /// <summary>How long requests in flight get to finish.</summary>
    public TimeSpan DrainTimeout { get; init; }

    /// <summary>The coordinated-shutdown phase the drain runs in.</summary>
    public string Phase { get; init; } = "";

    /// <summary>Every setting of <c>sinch-actors.shutdown</c>: its key, the property it fills, its kind and its rule.</summary>
    internal static SettingTable<ShutdownSettings> Table { get; } = new("sinch-actors.shutdown",
        Row.Of("drain-timeout", s => s.DrainTimeout, SettingKind.FiniteDuration, v => v >= TimeSpan.Zero, "must not be negative"),
        Row.Of("phase", s => s.Phase, SettingKind.Text, v => !string.IsNullOrWhiteSpace(v), "must name a coordinated-shutdown phase"));

    /// <summary>Reads a <c>sinch-actors.shutdown</c> section, the reference configuration's section as its fallback.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static ShutdownSettings FromConfig(Config shutdown)
    {
        var settings = Table.Read(shutdown);
        Table.Validate(settings);
        return settings;
    }
}
