using Akka.Configuration;
using SinchActors.Configuration;
using Row = SinchActors.Configuration.SettingRow<SinchActors.Requests.SinchRequestSettings>;

namespace SinchActors.Requests;

/// <summary>
/// The request pipeline's settings, read from <c>sinch-actors.requests</c> (see the reference configuration
/// for what each does and its default).
/// </summary>
internal sealed record SinchRequestSettings
{
    /// <summary>Request worker actors in the pool.</summary>
    public int Workers { get; init; }
    /// <summary>How the pool picks a request's worker.</summary>
    public RequestRouting Routing { get; init; }
    /// <summary>
    /// Whether metrics carry the project (<c>sinch-actors.telemetry.include-project-tag</c>): off with thousands of
    /// projects, where one time series per project is too many. Per runtime; spans always carry the project.
    /// </summary>
    public bool IncludeProjectTag { get; init; } = true;
    /// <summary>The longest one HTTP attempt may take.</summary>
    public TimeSpan AttemptTimeout { get; init; }
    /// <summary>A request's total time budget when the caller sets none.</summary>
    public TimeSpan DefaultDeadline { get; init; }
    /// <summary>Retries after the first attempt for transient failures.</summary>
    public int MaxRetries { get; init; }
    /// <summary>The first back-off delay, doubled per retry.</summary>
    public TimeSpan BackoffBase { get; init; }
    /// <summary>The longest back-off delay (a longer Retry-After still wins).</summary>
    public TimeSpan BackoffMax { get; init; }
    /// <summary>Requests in flight in the whole runtime before calls fail with <see cref="SinchOverloadedException"/>.</summary>
    public int MaxInFlight { get; init; }
    /// <summary>Requests in flight per project before calls fail with <see cref="SinchOverloadedException"/>.</summary>
    public int MaxInFlightPerProject { get; init; }
    /// <summary>The largest response body read, in bytes.</summary>
    public long MaxResponseBytes { get; init; }
    /// <summary>How much of an error body <see cref="SinchApiException.RawBody"/> keeps, in bytes.</summary>
    public int MaxErrorBodyBytes { get; init; }
    /// <summary>Concurrent API attempts (and connections) per host; further attempts wait, within their deadline, before their attempt timeout starts.</summary>
    public int MaxConnectionsPerServer { get; init; }
    /// <summary>How long a pooled connection lives, so DNS changes are seen.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; }
    /// <summary>How long an idle pooled connection is kept.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; init; }
    /// <summary>The longest a connect may take.</summary>
    public TimeSpan ConnectTimeout { get; init; }
    /// <summary>Whether the handler asks for compressed bodies and decompresses them.</summary>
    public bool AutomaticDecompression { get; init; }
    /// <summary>The failure ratio that opens a circuit.</summary>
    public double BreakerFailureRatio { get; init; }
    /// <summary>Attempts within the sampling window before the ratio counts.</summary>
    public int BreakerMinimumThroughput { get; init; }
    /// <summary>The window the failure ratio is measured over.</summary>
    public TimeSpan BreakerSamplingDuration { get; init; }
    /// <summary>How long an open circuit fails calls fast.</summary>
    public TimeSpan BreakerBreakDuration { get; init; }
    /// <summary>
    /// Test only: lets API base URLs (configured and per request) use plain http to any host. Off: https only, except
    /// loopback hosts.
    /// </summary>
    public bool AllowInsecureHttp { get; init; }
    /// <summary>
    /// Lets a request's own <see cref="SinchRequest.BaseUrl"/> name any host. Off: only Sinch's hosts (<c>*.sinch.com</c>)
    /// and the hosts of <see cref="BaseUrls"/>, so a request cannot send a project's token elsewhere.
    /// </summary>
    public bool AllowAnyBaseUrl { get; init; }
    /// <summary>The region of the SMS API's OAuth hosts (US or EU) for requests that name none.</summary>
    public SinchRegion SmsRegion { get; init; } = SinchRegion.Us;
    /// <summary>Per-family base URL overrides.</summary>
    public IReadOnlyDictionary<SinchApiFamily, Uri> BaseUrls { get; init; } = new Dictionary<SinchApiFamily, Uri>();

    private static readonly TimeSpan MinBreakerWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Every setting of <c>sinch-actors.requests</c> but <c>base-urls</c> (one key per API family, read and checked
    /// below): its key, the property it fills, its kind and its rule.
    /// </summary>
    internal static SettingTable<SinchRequestSettings> Table { get; } = new("sinch-actors.requests",
        Row.Of("workers", s => s.Workers, SettingKind.Int, v => v >= 1, "must be at least 1"),
        Row.Of("routing", s => s.Routing, SettingKind.Word(ParseRouting), v => Enum.IsDefined(v), "must be by-project or round-robin"),
        Row.Of("attempt-timeout", s => s.AttemptTimeout, SettingKind.Duration, v => v > TimeSpan.Zero, "must be positive and finite"),
        Row.Of("default-deadline", s => s.DefaultDeadline, SettingKind.Duration, v => v > TimeSpan.Zero, "must be positive and finite"),
        Row.Of("max-retries", s => s.MaxRetries, SettingKind.Int, v => v >= 0, "must not be negative"),
        Row.Of("backoff-base", s => s.BackoffBase, SettingKind.Duration, v => v > TimeSpan.Zero, "must be positive"),
        Row.Of("backoff-max", s => s.BackoffMax, SettingKind.Duration, (s, v) => v >= s.BackoffBase, "must not be below backoff-base"),
        Row.Of("max-in-flight", s => s.MaxInFlight, SettingKind.Int, v => v >= 1, "must be at least 1"),
        Row.Of("max-in-flight-per-project", s => s.MaxInFlightPerProject, SettingKind.Int, v => v >= 1, "must be at least 1"),
        Row.Of("max-response-bytes", s => s.MaxResponseBytes, SettingKind.Long, v => v >= 1, "must be at least 1"),
        Row.Of("max-error-body-bytes", s => s.MaxErrorBodyBytes, SettingKind.Int, v => v >= 0, "must not be negative"),
        Row.Of("http.max-connections-per-server", s => s.MaxConnectionsPerServer, SettingKind.Int, v => v >= 1, "must be at least 1"),
        Row.Of("http.pooled-connection-lifetime", s => s.PooledConnectionLifetime, SettingKind.Duration, v => v > TimeSpan.Zero, "must be positive"),
        Row.Of("http.pooled-connection-idle-timeout", s => s.PooledConnectionIdleTimeout, SettingKind.Duration, v => v > TimeSpan.Zero, "must be positive"),
        Row.Of("http.connect-timeout", s => s.ConnectTimeout, SettingKind.Duration, v => v > TimeSpan.Zero, "must be positive"),
        Row.Of("http.automatic-decompression", s => s.AutomaticDecompression, SettingKind.Bool),
        Row.Of("circuit-breaker.failure-ratio", s => s.BreakerFailureRatio, SettingKind.Double, v => v is > 0 and <= 1, "must be above 0 and at most 1"),
        Row.Of("circuit-breaker.minimum-throughput", s => s.BreakerMinimumThroughput, SettingKind.Int, v => v >= 2, "must be at least 2"),
        Row.Of("circuit-breaker.sampling-duration", s => s.BreakerSamplingDuration, SettingKind.Duration, v => v >= MinBreakerWindow, "must be at least 500ms"),
        Row.Of("circuit-breaker.break-duration", s => s.BreakerBreakDuration, SettingKind.Duration, v => v >= MinBreakerWindow, "must be at least 500ms"),
        Row.Of("allow-insecure-http", s => s.AllowInsecureHttp, SettingKind.Bool),
        Row.Of("allow-any-base-url", s => s.AllowAnyBaseUrl, SettingKind.Bool),
        Row.Of("sms-region", s => s.SmsRegion, SettingKind.Word(ParseSmsRegion), v => v is SinchRegion.Us or SinchRegion.Eu,
            "must be us or eu, the regions that offer OAuth2 for SMS"));

    // Declared after the table: static initializers run in order, and reading the defaults reads the table.
    /// <summary>The reference configuration's values (tests derive theirs with <c>with</c>).</summary>
    public static SinchRequestSettings Default { get; } = FromConfig(Config.Empty);

    /// <summary>Reads the settings from a <c>sinch-actors.requests</c> section, the reference configuration's section as its fallback.</summary>
    /// <param name="requests">The <c>sinch-actors.requests</c> section; may be empty.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static SinchRequestSettings FromConfig(Config requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return (Table.Read(requests) with
        {
            BaseUrls = ReadBaseUrls(requests.WithFallback(SinchActorsConfig.Reference.GetConfig(Table.Section)).GetConfig("base-urls")),
        }).Validate();
    }

    /// <summary>Checks every value and returns this instance.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public SinchRequestSettings Validate()
    {
        Table.Validate(this);
        foreach (var (family, url) in BaseUrls)
        {
            var problem = Http.SecureUrl.Problem(url, AllowInsecureHttp);
            if (problem is not null)
                SettingRule.Require(false, $"{Table.Section}.base-urls.{ConfigKey(family)}", problem, url);
        }
        return this;
    }

    private static RequestRouting? ParseRouting(string? value) =>
        Enum.TryParse<RequestRouting>(value?.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var routing) && Enum.IsDefined(routing)
            ? routing
            : null;

    private static SinchRegion? ParseSmsRegion(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "us" => SinchRegion.Us,
        "eu" => SinchRegion.Eu,
        _ => null,
    };

    private static Dictionary<SinchApiFamily, Uri> ReadBaseUrls(Config? baseUrls)
    {
        var result = new Dictionary<SinchApiFamily, Uri>();
        if (baseUrls is null || baseUrls.IsEmpty)
            return result;
        foreach (var family in Enum.GetValues<SinchApiFamily>())
        {
            var value = baseUrls.GetString(ConfigKey(family), "");
            if (!string.IsNullOrWhiteSpace(value))
                result[family] = new Uri(value, UriKind.Absolute);
        }
        return result;
    }

    /// <summary>The family's key under <c>base-urls</c>: its name in kebab case.</summary>
    internal static string ConfigKey(SinchApiFamily family) => family switch
    {
        SinchApiFamily.AccessKeys => "access-keys",
        SinchApiFamily.NumberLookup => "number-lookup",
        SinchApiFamily.ElasticSipTrunking => "elastic-sip-trunking",
        _ => family.ToString().ToLowerInvariant(),
    };
}

/// <summary>How the request pool picks the worker of a request.</summary>
public enum RequestRouting
{
    /// <summary>By project ID (a hash of it): a project's requests and retries meet one worker, which holds its credentials.</summary>
    ByProject,
    /// <summary>Each worker in turn, whatever the project.</summary>
    RoundRobin,
}
