using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

/// <summary>
/// Specs that listen to the process-wide meter and activity source, or flip the process-wide project-tag switch:
/// they run alone so no other spec's requests show up in (or are changed by) them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "telemetry";
}

/// <summary>Generic Host specs, each with its own host on a shared emulator.</summary>
[CollectionDefinition(Name)]
public sealed class HostingCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "hosting";
}
