using Akka.Configuration;
using SinchActors.Configuration;
using Row = SinchActors.Configuration.SettingRow<SinchActors.Hosting.TelemetrySettings>;

namespace SinchActors.Hosting;

/// <summary>The metrics' and traces' settings, read from <c>sinch-actors.telemetry</c> (defaults in the reference configuration).</summary>
internal sealed record TelemetrySettings
{
    /// <summary>Whether metrics carry the project (see <see cref="Requests.SinchRequestSettings.IncludeProjectTag"/>).</summary>
    public bool IncludeProjectTag { get; init; }

    /// <summary>Every setting of <c>sinch-actors.telemetry</c>: its key, the property it fills, its kind and its rule.</summary>
    internal static SettingTable<TelemetrySettings> Table { get; } = new("sinch-actors.telemetry",
        Row.Of("include-project-tag", s => s.IncludeProjectTag, SettingKind.Bool));

    /// <summary>Reads a <c>sinch-actors.telemetry</c> section, the reference configuration's section as its fallback.</summary>
    public static TelemetrySettings FromConfig(Config telemetry) => Table.Read(telemetry);
}
