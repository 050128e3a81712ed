using Akka.Configuration;
using SinchActors.Configuration;

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

    /// <summary>The reference configuration's values (tests derive theirs with <c>with</c>).</summary>
    public static SinchRequestSettings Default { get; } = FromConfig(Config.Empty);

    /// <summary>Reads the settings from a <c>sinch-actors.requests</c> section, the reference configuration's section as its fallback.</summary>
    /// <param name="requests">The <c>sinch-actors.requests</c> section; may be empty.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public static SinchRequestSettings FromConfig(Config requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        requests = requests.WithFallback(SinchActorsConfig.Reference.GetConfig("sinch-actors.requests"));
        return new SinchRequestSettings
        {
            Workers = requests.GetInt("workers"),
            Routing = ReadRouting(requests.GetString("routing")),
            AttemptTimeout = requests.GetTimeSpan("attempt-timeout"),
            DefaultDeadline = requests.GetTimeSpan("default-deadline"),
            MaxRetries = requests.GetInt("max-retries"),
            BackoffBase = requests.GetTimeSpan("backoff-base"),
            BackoffMax = requests.GetTimeSpan("backoff-max"),
            MaxInFlight = requests.GetInt("max-in-flight"),
            MaxInFlightPerProject = requests.GetInt("max-in-flight-per-project"),
            MaxResponseBytes = requests.GetLong("max-response-bytes"),
            MaxErrorBodyBytes = requests.GetInt("max-error-body-bytes"),
            MaxConnectionsPerServer = requests.GetInt("http.max-connections-per-server"),
            PooledConnectionLifetime = requests.GetTimeSpan("http.pooled-connection-lifetime"),
            PooledConnectionIdleTimeout = requests.GetTimeSpan("http.pooled-connection-idle-timeout"),
            ConnectTimeout = requests.GetTimeSpan("http.connect-timeout"),
            AutomaticDecompression = requests.GetBoolean("http.automatic-decompression"),
            BreakerFailureRatio = requests.GetDouble("circuit-breaker.failure-ratio"),
            BreakerMinimumThroughput = requests.GetInt("circuit-breaker.minimum-throughput"),
            BreakerSamplingDuration = requests.GetTimeSpan("circuit-breaker.sampling-duration"),
            BreakerBreakDuration = requests.GetTimeSpan("circuit-breaker.break-duration"),
            AllowInsecureHttp = requests.GetBoolean("allow-insecure-http"),
            AllowAnyBaseUrl = requests.GetBoolean("allow-any-base-url"),
            SmsRegion = ReadSmsRegion(requests.GetString("sms-region")),
            BaseUrls = ReadBaseUrls(requests.GetConfig("base-urls")),
        }.Validate();
    }

    /// <summary>Checks every value and returns this instance.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">A value is out of range; the message names its configuration key.</exception>
    public SinchRequestSettings Validate()
    {
        Require(Workers >= 1, "workers", "must be at least 1", Workers);
        Require(AttemptTimeout > TimeSpan.Zero, "attempt-timeout", "must be positive and finite", AttemptTimeout);
        Require(DefaultDeadline > TimeSpan.Zero, "default-deadline", "must be positive and finite", DefaultDeadline);
        Require(MaxRetries >= 0, "max-retries", "must not be negative", MaxRetries);
        Require(BackoffBase > TimeSpan.Zero, "backoff-base", "must be positive", BackoffBase);
        Require(BackoffMax >= BackoffBase, "backoff-max", "must not be below backoff-base", BackoffMax);
        Require(MaxInFlight >= 1, "max-in-flight", "must be at least 1", MaxInFlight);
        Require(MaxInFlightPerProject >= 1, "max-in-flight-per-project", "must be at least 1", MaxInFlightPerProject);
        Require(MaxResponseBytes >= 1, "max-response-bytes", "must be at least 1", MaxResponseBytes);
        Require(MaxErrorBodyBytes >= 0, "max-error-body-bytes", "must not be negative", MaxErrorBodyBytes);
        Require(MaxConnectionsPerServer >= 1, "http.max-connections-per-server", "must be at least 1", MaxConnectionsPerServer);
        Require(PooledConnectionLifetime > TimeSpan.Zero, "http.pooled-connection-lifetime", "must be positive", PooledConnectionLifetime);
        Require(PooledConnectionIdleTimeout > TimeSpan.Zero, "http.pooled-connection-idle-timeout", "must be positive", PooledConnectionIdleTimeout);
        Require(ConnectTimeout > TimeSpan.Zero, "http.connect-timeout", "must be positive", ConnectTimeout);
        Require(BreakerFailureRatio is > 0 and <= 1, "circuit-breaker.failure-ratio", "must be above 0 and at most 1", BreakerFailureRatio);
        Require(BreakerMinimumThroughput >= 2, "circuit-breaker.minimum-throughput", "must be at least 2", BreakerMinimumThroughput);
        Require(BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), "circuit-breaker.sampling-duration", "must be at least 500ms", BreakerSamplingDuration);
        Require(BreakerBreakDuration >= TimeSpan.FromMilliseconds(500), "circuit-breaker.break-duration", "must be at least 500ms", BreakerBreakDuration);
        Require(SmsRegion is SinchRegion.Us or SinchRegion.Eu, "sms-region", "must be us or eu, the regions that offer OAuth2 for SMS", SmsRegion);
        foreach (var (family, url) in BaseUrls)
        {
            var problem = Http.SecureUrl.Problem(url, AllowInsecureHttp);
            Require(problem is null, $"base-urls.{ConfigKey(family)}", problem ?? "", url);
        }
        return this;
    }

    private static RequestRouting ReadRouting(string? value)
    {
        if (Enum.TryParse<RequestRouting>(value?.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var routing) && Enum.IsDefined(routing))
            return routing;
        throw new ArgumentException($"sinch-actors.requests.routing must be by-project or round-robin (is '{value}').", "sinch-actors.requests.routing");
    }

    private static SinchRegion ReadSmsRegion(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "us" => SinchRegion.Us,
        "eu" => SinchRegion.Eu,
        _ => throw new ArgumentException($"sinch-actors.requests.sms-region must be us or eu, the regions that offer OAuth2 for SMS (is '{value}').",
            "sinch-actors.requests.sms-region"),
    };

    private static void Require(bool holds, string key, string rule, object value) =>
        SettingRule.Require(holds, "sinch-actors.requests." + key, rule, value);

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
