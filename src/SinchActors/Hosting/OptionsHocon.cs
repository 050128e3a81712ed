using System.Globalization;
using System.Text;
using SinchActors.Requests;

namespace SinchActors.Hosting;

/// <summary>
/// The one mapping between the option sections and HOCON: each knob's options path (as in <c>appsettings.json</c>
/// under <c>Sinch</c>), its key under <c>sinch-actors</c>, and how to read and set it. Renaming a property does not
/// rename a key: the key is written here, and <c>OptionsMappingSpecs</c> pins every pair and checks each key exists in
/// the reference configuration. Defaults are not here: an unset knob emits nothing, so the reference configuration
/// (<c>hocon/sinch-actors.conf</c>) decides.
/// </summary>
internal static class OptionsHocon
{
    private const string Root = "sinch-actors";

    /// <summary>Every knob of the option sections except <c>Requests:BaseUrls</c> (one key per API family, see <see cref="BaseUrlKey"/>).</summary>
    public static IReadOnlyList<OptionKey> Keys { get; } =
    [
        Key("ProjectRegistry:IdleTimeout", "projects.idle-timeout", o => o.ProjectRegistry.IdleTimeout, (o, v) => o.ProjectRegistry.IdleTimeout = v),
        Key("ProjectRegistry:MaxConcurrentTokenFetches", "projects.max-concurrent-token-fetches", o => o.ProjectRegistry.MaxConcurrentTokenFetches, (o, v) => o.ProjectRegistry.MaxConcurrentTokenFetches = v),
        Key("ProjectRegistry:MaxTokenRequestsPerSecond", "projects.max-token-requests-per-second", o => o.ProjectRegistry.MaxTokenRequestsPerSecond, (o, v) => o.ProjectRegistry.MaxTokenRequestsPerSecond = v),
        Key("ProjectRegistry:UnknownProjectCacheDuration", "projects.unknown-project-cache-duration", o => o.ProjectRegistry.UnknownProjectCacheDuration, (o, v) => o.ProjectRegistry.UnknownProjectCacheDuration = v),
        Key("ProjectRegistry:LookupTimeout", "projects.lookup-timeout", o => o.ProjectRegistry.LookupTimeout, (o, v) => o.ProjectRegistry.LookupTimeout = v),
        Key("ProjectRegistry:UpdateTimeout", "projects.update-timeout", o => o.ProjectRegistry.UpdateTimeout, (o, v) => o.ProjectRegistry.UpdateTimeout = v),

        Key("Requests:Workers", "requests.workers", o => o.Requests.Workers, (o, v) => o.Requests.Workers = v),
        Key("Requests:Routing", "requests.routing", o => o.Requests.Routing, (o, v) => o.Requests.Routing = v),
        Key("Requests:AttemptTimeout", "requests.attempt-timeout", o => o.Requests.AttemptTimeout, (o, v) => o.Requests.AttemptTimeout = v),
        Key("Requests:DefaultDeadline", "requests.default-deadline", o => o.Requests.DefaultDeadline, (o, v) => o.Requests.DefaultDeadline = v),
        Key("Requests:MaxRetries", "requests.max-retries", o => o.Requests.MaxRetries, (o, v) => o.Requests.MaxRetries = v),
        Key("Requests:BackoffBase", "requests.backoff-base", o => o.Requests.BackoffBase, (o, v) => o.Requests.BackoffBase = v),
        Key("Requests:BackoffMax", "requests.backoff-max", o => o.Requests.BackoffMax, (o, v) => o.Requests.BackoffMax = v),
        Key("Requests:MaxInFlight", "requests.max-in-flight", o => o.Requests.MaxInFlight, (o, v) => o.Requests.MaxInFlight = v),
        Key("Requests:MaxInFlightPerProject", "requests.max-in-flight-per-project", o => o.Requests.MaxInFlightPerProject, (o, v) => o.Requests.MaxInFlightPerProject = v),
        Key("Requests:MaxResponseBytes", "requests.max-response-bytes", o => o.Requests.MaxResponseBytes, (o, v) => o.Requests.MaxResponseBytes = v),
        Key("Requests:MaxErrorBodyBytes", "requests.max-error-body-bytes", o => o.Requests.MaxErrorBodyBytes, (o, v) => o.Requests.MaxErrorBodyBytes = v),
        Key("Requests:Http:MaxConnectionsPerServer", "requests.http.max-connections-per-server", o => o.Requests.Http.MaxConnectionsPerServer, (o, v) => o.Requests.Http.MaxConnectionsPerServer = v),
        Key("Requests:Http:PooledConnectionLifetime", "requests.http.pooled-connection-lifetime", o => o.Requests.Http.PooledConnectionLifetime, (o, v) => o.Requests.Http.PooledConnectionLifetime = v),
        Key("Requests:Http:PooledConnectionIdleTimeout", "requests.http.pooled-connection-idle-timeout", o => o.Requests.Http.PooledConnectionIdleTimeout, (o, v) => o.Requests.Http.PooledConnectionIdleTimeout = v),
        Key("Requests:Http:ConnectTimeout", "requests.http.connect-timeout", o => o.Requests.Http.ConnectTimeout, (o, v) => o.Requests.Http.ConnectTimeout = v),
        Key("Requests:Http:AutomaticDecompression", "requests.http.automatic-decompression", o => o.Requests.Http.AutomaticDecompression, (o, v) => o.Requests.Http.AutomaticDecompression = v),
        Key("Requests:CircuitBreaker:FailureRatio", "requests.circuit-breaker.failure-ratio", o => o.Requests.CircuitBreaker.FailureRatio, (o, v) => o.Requests.CircuitBreaker.FailureRatio = v),
        Key("Requests:CircuitBreaker:MinimumThroughput", "requests.circuit-breaker.minimum-throughput", o => o.Requests.CircuitBreaker.MinimumThroughput, (o, v) => o.Requests.CircuitBreaker.MinimumThroughput = v),
        Key("Requests:CircuitBreaker:SamplingDuration", "requests.circuit-breaker.sampling-duration", o => o.Requests.CircuitBreaker.SamplingDuration, (o, v) => o.Requests.CircuitBreaker.SamplingDuration = v),
        Key("Requests:CircuitBreaker:BreakDuration", "requests.circuit-breaker.break-duration", o => o.Requests.CircuitBreaker.BreakDuration, (o, v) => o.Requests.CircuitBreaker.BreakDuration = v),
        Key("Requests:AllowInsecureHttp", "requests.allow-insecure-http", o => o.Requests.AllowInsecureHttp, (o, v) => o.Requests.AllowInsecureHttp = v),
        Key("Requests:AllowAnyBaseUrl", "requests.allow-any-base-url", o => o.Requests.AllowAnyBaseUrl, (o, v) => o.Requests.AllowAnyBaseUrl = v),
        Key("Requests:SmsRegion", "requests.sms-region", o => o.Requests.SmsRegion, (o, v) => o.Requests.SmsRegion = v),

        Key("Auth:RefreshFraction", "auth.refresh-fraction", o => o.Auth.RefreshFraction, (o, v) => o.Auth.RefreshFraction = v),
        Key("Auth:RefreshJitter", "auth.refresh-jitter", o => o.Auth.RefreshJitter, (o, v) => o.Auth.RefreshJitter = v),
        Key("Auth:SafetyMargin", "auth.safety-margin", o => o.Auth.SafetyMargin, (o, v) => o.Auth.SafetyMargin = v),
        Key("Auth:SafetyMarginFraction", "auth.safety-margin-fraction", o => o.Auth.SafetyMarginFraction, (o, v) => o.Auth.SafetyMarginFraction = v),
        Key("Auth:MinLifetime", "auth.min-lifetime", o => o.Auth.MinLifetime, (o, v) => o.Auth.MinLifetime = v),
        Key("Auth:MaxLifetime", "auth.max-lifetime", o => o.Auth.MaxLifetime, (o, v) => o.Auth.MaxLifetime = v),
        Key("Auth:DefaultLifetime", "auth.default-lifetime", o => o.Auth.DefaultLifetime, (o, v) => o.Auth.DefaultLifetime = v),
        Key("Auth:MinBackoff", "auth.min-backoff", o => o.Auth.MinBackoff, (o, v) => o.Auth.MinBackoff = v),
        Key("Auth:MaxBackoff", "auth.max-backoff", o => o.Auth.MaxBackoff, (o, v) => o.Auth.MaxBackoff = v),
        Key("Auth:PermanentFailureRetryInterval", "auth.permanent-failure-retry-interval", o => o.Auth.PermanentFailureRetryInterval, (o, v) => o.Auth.PermanentFailureRetryInterval = v),
        Key("Auth:FetchTimeout", "auth.fetch-timeout", o => o.Auth.FetchTimeout, (o, v) => o.Auth.FetchTimeout = v),
        Key("Auth:FetchBudgetBurst", "auth.fetch-budget-burst", o => o.Auth.FetchBudgetBurst, (o, v) => o.Auth.FetchBudgetBurst = v),
        Key("Auth:FetchBudgetPerMinute", "auth.fetch-budget-per-minute", o => o.Auth.FetchBudgetPerMinute, (o, v) => o.Auth.FetchBudgetPerMinute = v),
        Key("Auth:MinRefetchInterval", "auth.min-refetch-interval", o => o.Auth.MinRefetchInterval, (o, v) => o.Auth.MinRefetchInterval = v),
        Key("Auth:RejectedGenerationsLimit", "auth.rejected-generations-limit", o => o.Auth.RejectedGenerationsLimit, (o, v) => o.Auth.RejectedGenerationsLimit = v),
        Key("Auth:RejectedProbeInterval", "auth.rejected-probe-interval", o => o.Auth.RejectedProbeInterval, (o, v) => o.Auth.RejectedProbeInterval = v),
        Key("Auth:BasicRequestsPerSecond", "auth.basic-requests-per-second", o => o.Auth.BasicRequestsPerSecond, (o, v) => o.Auth.BasicRequestsPerSecond = v),

        Key("Shutdown:DrainTimeout", "shutdown.drain-timeout", o => o.Shutdown.DrainTimeout, (o, v) => o.Shutdown.DrainTimeout = v),
        Text("Shutdown:Phase", "shutdown.phase", o => o.Shutdown.Phase, (o, v) => o.Shutdown.Phase = v),

        Key("Telemetry:IncludeProjectTag", "telemetry.include-project-tag", o => o.Telemetry.IncludeProjectTag, (o, v) => o.Telemetry.IncludeProjectTag = v),
    ];

    private static readonly Dictionary<string, OptionKey> ByHocon = Keys.ToDictionary(k => k.Hocon, StringComparer.Ordinal);

    /// <summary>HOCON with one line per value set, nothing else.</summary>
    public static string Write(SinchActorsOptions options)
    {
        var hocon = new StringBuilder();
        foreach (var (key, value) in Values(options))
            hocon.Append(key).Append(" = ").AppendLine(Format(value));
        return hocon.ToString();
    }

    /// <summary>Every knob set, as its full HOCON key and value.</summary>
    public static IEnumerable<(string Key, object Value)> Values(SinchActorsOptions options)
    {
        foreach (var key in Keys)
        {
            if (key.Read(options) is { } value)
                yield return (key.Hocon, value);
        }
        foreach (var (family, url) in options.Requests.BaseUrls)
        {
            if (TryParseFamily(family, out var parsed))
                yield return (BaseUrlKey(parsed), url);
        }
    }

    /// <summary>Copies every knob set in <paramref name="overrides"/> over <paramref name="target"/>.</summary>
    public static void Overlay(SinchActorsOptions target, SinchActorsOptions overrides)
    {
        foreach (var key in Keys)
        {
            if (key.Read(overrides) is { } value)
                key.Write(target, value);
        }
        foreach (var (family, url) in overrides.Requests.BaseUrls)
            target.Requests.BaseUrls[family] = url;
    }

    /// <summary><c>sinch-actors.requests.http.connect-timeout</c> → <c>Sinch:Requests:Http:ConnectTimeout / sinch-actors.requests.http.connect-timeout</c>.</summary>
    public static string BothSpellings(string hoconKey)
    {
        const string baseUrls = Root + ".requests.base-urls.";
        var options = ByHocon.TryGetValue(hoconKey, out var key) ? key.Options
            : hoconKey.StartsWith(baseUrls, StringComparison.Ordinal) && TryParseFamily(hoconKey[baseUrls.Length..], out var family)
                ? $"Requests:BaseUrls:{family}"
            : null;
        return options is null ? hoconKey : $"{SinchActorsOptions.SectionName}:{options} / {hoconKey}";
    }

    /// <summary>The full HOCON key of a family's base URL: <c>sinch-actors.requests.base-urls.access-keys</c>.</summary>
    public static string BaseUrlKey(SinchApiFamily family) => $"{Root}.requests.base-urls.{SinchRequestSettings.ConfigKey(family)}";

    /// <summary>The family a <c>BaseUrls</c> key names: <c>AccessKeys</c>, <c>accesskeys</c> or <c>access-keys</c>.</summary>
    public static bool TryParseFamily(string key, out SinchApiFamily family) =>
        Enum.TryParse(key.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out family) && Enum.IsDefined(family);

    private static OptionKey Key<T>(string options, string hocon, Func<SinchActorsOptions, T?> read, Action<SinchActorsOptions, T?> write)
        where T : struct =>
        new(options, $"{Root}.{hocon}", typeof(T), o => read(o), (o, v) => write(o, (T)v));

    private static OptionKey Text(string options, string hocon, Func<SinchActorsOptions, string?> read, Action<SinchActorsOptions, string?> write) =>
        new(options, $"{Root}.{hocon}", typeof(string), read, (o, v) => write(o, (string)v));

    private static string Format(object value) => value switch
    {
        // HOCON durations here take no unit finer than ms, so sub-millisecond precision is a fraction of one.
        TimeSpan duration => duration.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture) + "ms",
        bool flag => flag ? "on" : "off",
        RequestRouting routing => routing == RequestRouting.RoundRobin ? "round-robin" : "by-project",
        SinchRegion region => region.ToString().ToLowerInvariant(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => "\"" + value.ToString()!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
    };
}

/// <summary>One knob: its path under the <c>Sinch</c> options section, its full HOCON key, its value type, how to read and set it.</summary>
internal sealed record OptionKey(string Options, string Hocon, Type ValueType, Func<SinchActorsOptions, object?> Read, Action<SinchActorsOptions, object> Write);
