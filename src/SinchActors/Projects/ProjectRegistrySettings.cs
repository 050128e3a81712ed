using Akka.Configuration;

namespace SinchActors.Projects;

/// <summary>
/// The knobs of the project registry; the documented defaults live in the <c>sinch-actors.projects</c> block of the
/// reference HOCON (<c>hocon/sinch-actors.conf</c>).
/// </summary>
public sealed record ProjectRegistrySettings
{
    /// <summary>The defaults, equal to the reference HOCON.</summary>
    public static ProjectRegistrySettings Default { get; } = new();

    /// <summary>
    /// A key whose projects had no request for this long stops refreshing and drops its token; the next request
    /// fetches again. <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> never passivates. Default 30 min.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Token requests in flight at once across the runtime; more wait in a first-come, first-served queue. Default 8.</summary>
    public int MaxConcurrentTokenFetches { get; init; } = 8;

    /// <summary>
    /// Token requests started in any one second across the runtime; scheduled refreshes are also spread evenly at
    /// this rate, so a refresh wave never bursts. Default 200.
    /// </summary>
    public int MaxTokenRequestsPerSecond { get; init; } = 200;

    /// <summary>How long a project the credentials provider does not know is refused without asking again. Default 1 min.</summary>
    public TimeSpan UnknownProjectCacheDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one credentials-provider lookup may take. Default 10 s.</summary>
    public TimeSpan LookupTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="ISinchProjects.UpdateAsync"/> waits for a token of the new key. Default 30 s.</summary>
    public TimeSpan UpdateTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether keys are ever passivated.</summary>
    internal bool Passivates => IdleTimeout > TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan;

    /// <summary>Reads the settings from the <c>sinch-actors.projects</c> section; missing keys keep their defaults.</summary>
    /// <param name="projects">The <c>sinch-actors.projects</c> section.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static ProjectRegistrySettings FromConfig(Config projects)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var d = Default;
        return new ProjectRegistrySettings
        {
            IdleTimeout = projects.GetTimeSpan("idle-timeout", d.IdleTimeout),
            MaxConcurrentTokenFetches = projects.GetInt("max-concurrent-token-fetches", d.MaxConcurrentTokenFetches),
            MaxTokenRequestsPerSecond = projects.GetInt("max-token-requests-per-second", d.MaxTokenRequestsPerSecond),
            UnknownProjectCacheDuration = projects.GetTimeSpan("unknown-project-cache-duration", d.UnknownProjectCacheDuration, allowInfinite: false),
            LookupTimeout = projects.GetTimeSpan("lookup-timeout", d.LookupTimeout, allowInfinite: false),
            UpdateTimeout = projects.GetTimeSpan("update-timeout", d.UpdateTimeout, allowInfinite: false),
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
        Hosting.SettingRule.Require(holds, "sinch-actors.projects." + key, rule, value);
}
