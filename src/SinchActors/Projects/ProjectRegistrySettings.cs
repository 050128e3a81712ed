using Akka.Configuration;
using SinchActors.Configuration;

namespace SinchActors.Projects;

/// <summary>
/// The knobs of the project registry, read from <c>sinch-actors.projects</c>; their defaults and meaning live only in
/// the reference configuration (<c>hocon/sinch-actors.conf</c>).
/// </summary>
internal sealed record ProjectRegistrySettings
{
    /// <summary>The reference configuration's values (tests derive theirs with <c>with</c>).</summary>
    public static ProjectRegistrySettings Default { get; } = FromConfig(Config.Empty);

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

    /// <summary>Reads the settings from a <c>sinch-actors.projects</c> section, the reference configuration's section as its fallback.</summary>
    /// <param name="projects">The <c>sinch-actors.projects</c> section; may be empty.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static ProjectRegistrySettings FromConfig(Config projects)
    {
        ArgumentNullException.ThrowIfNull(projects);
        projects = projects.WithFallback(SinchActorsConfig.Reference.GetConfig("sinch-actors.projects"));
        return new ProjectRegistrySettings
        {
            IdleTimeout = projects.GetTimeSpan("idle-timeout"),
            MaxConcurrentTokenFetches = projects.GetInt("max-concurrent-token-fetches"),
            MaxTokenRequestsPerSecond = projects.GetInt("max-token-requests-per-second"),
            UnknownProjectCacheDuration = projects.GetTimeSpan("unknown-project-cache-duration", null, allowInfinite: false),
            LookupTimeout = projects.GetTimeSpan("lookup-timeout", null, allowInfinite: false),
            UpdateTimeout = projects.GetTimeSpan("update-timeout", null, allowInfinite: false),
        }.Validate();
    }

    /// <summary>Checks every value and returns this instance.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public ProjectRegistrySettings Validate()
    {
        Require(IdleTimeout >= TimeSpan.Zero || IdleTimeout == Timeout.InfiniteTimeSpan, "idle-timeout", "must not be negative", IdleTimeout);
        Require(MaxConcurrentTokenFetches > 0, "max-concurrent-token-fetches", "must be positive", MaxConcurrentTokenFetches);
        Require(MaxTokenRequestsPerSecond is > 0 and <= 100_000, "max-token-requests-per-second", "must be between 1 and 100000",
            MaxTokenRequestsPerSecond);
        Require(UnknownProjectCacheDuration >= TimeSpan.Zero, "unknown-project-cache-duration", "must not be negative", UnknownProjectCacheDuration);
        Require(LookupTimeout > TimeSpan.Zero, "lookup-timeout", "must be positive", LookupTimeout);
        Require(UpdateTimeout > TimeSpan.Zero, "update-timeout", "must be positive", UpdateTimeout);
        return this;
    }

    private static void Require(bool holds, string key, string rule, object value) =>
        SettingRule.Require(holds, "sinch-actors.projects." + key, rule, value);
}
