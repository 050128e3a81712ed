using Akka.Configuration;
using SinchActors.Configuration;
using Row = SinchActors.Configuration.SettingRow<SinchActors.Projects.ProjectRegistrySettings>;

namespace SinchActors.Projects;

/// <summary>
/// The knobs of the project registry, read from <c>sinch-actors.projects</c>; their defaults and meaning live only in
/// the reference configuration (<c>hocon/sinch-actors.conf</c>).
/// </summary>
internal sealed record ProjectRegistrySettings
{
    /// <summary>
    /// A key whose projects had no request for this long stops refreshing and drops its token; the next request
    /// fetches again. <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> never passivates.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; }

    /// <summary>Token requests in flight at once across the runtime; more wait in a first-come, first-served queue.</summary>
    public int MaxConcurrentTokenFetches { get; init; }

    /// <summary>
    /// Token requests started in any one second across the runtime; scheduled refreshes are also spread evenly at
    /// this rate, so a refresh wave never bursts.
    /// </summary>
    public int MaxTokenRequestsPerSecond { get; init; }

    /// <summary>How long a project the credentials provider does not know is refused without asking again.</summary>
    public TimeSpan UnknownProjectCacheDuration { get; init; }

    /// <summary>How long one credentials-provider lookup may take.</summary>
    public TimeSpan LookupTimeout { get; init; }

    /// <summary>How long <see cref="ISinchProjects.UpdateAsync"/> waits for a token of the new key.</summary>
    public TimeSpan UpdateTimeout { get; init; }

    /// <summary>Whether keys are ever passivated.</summary>
    internal bool Passivates => IdleTimeout > TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan;

    /// <summary>Every setting of <c>sinch-actors.projects</c>: its key, the property it fills, its kind and its rule.</summary>
    internal static SettingTable<ProjectRegistrySettings> Table { get; } = new("sinch-actors.projects",
        Row.Of("idle-timeout", s => s.IdleTimeout, SettingKind.Duration, v => v >= TimeSpan.Zero || v == Timeout.InfiniteTimeSpan, "must not be negative"),
        Row.Of("max-concurrent-token-fetches", s => s.MaxConcurrentTokenFetches, SettingKind.Int, v => v > 0, "must be positive"),
        Row.Of("max-token-requests-per-second", s => s.MaxTokenRequestsPerSecond, SettingKind.Int, v => v is > 0 and <= 100_000, "must be between 1 and 100000"),
        Row.Of("unknown-project-cache-duration", s => s.UnknownProjectCacheDuration, SettingKind.FiniteDuration, v => v >= TimeSpan.Zero, "must not be negative"),
        Row.Of("lookup-timeout", s => s.LookupTimeout, SettingKind.FiniteDuration, v => v > TimeSpan.Zero, "must be positive"),
        Row.Of("update-timeout", s => s.UpdateTimeout, SettingKind.FiniteDuration, v => v > TimeSpan.Zero, "must be positive"));

    // Declared after the table: static initializers run in order, and reading the defaults reads the table.
    /// <summary>The reference configuration's values (tests derive theirs with <c>with</c>).</summary>
    public static ProjectRegistrySettings Default { get; } = FromConfig(Config.Empty);

    /// <summary>Reads the settings from a <c>sinch-actors.projects</c> section, the reference configuration's section as its fallback.</summary>
    /// <param name="projects">The <c>sinch-actors.projects</c> section; may be empty.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static ProjectRegistrySettings FromConfig(Config projects) => Table.Read(projects).Validate();

    /// <summary>Checks every value and returns this instance.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public ProjectRegistrySettings Validate()
    {
        Table.Validate(this);
        return this;
    }
}
