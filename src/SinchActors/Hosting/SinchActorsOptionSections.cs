using SinchActors.Auth;
using SinchActors.Requests;

namespace SinchActors.Hosting;

/// <summary>One project and its access key, as bound from <c>Sinch:Projects:n</c>.</summary>
public sealed class SinchProjectOptions
{
    /// <summary>The Sinch project ID.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The access key ID.</summary>
    public string? KeyId { get; set; }

    /// <summary>The access key secret; keep it in a secret store or an environment variable, not in appsettings.json.</summary>
    public string? KeySecret { get; set; }

    /// <summary>The token endpoint; <see cref="SinchActorsOptions.AuthUrl"/> or the global one when unset.</summary>
    public string? AuthUrl { get; set; }

    /// <summary>OAuth (default) or Basic (tests only).</summary>
    public SinchAuthMode? Mode { get; set; }

    /// <summary>Whether this project came from the <c>SINCH_*</c> environment variables (its problems name them).</summary>
    internal bool FromEnvironment { get; init; }

    /// <summary>Masks the secret.</summary>
    public override string ToString() => $"project {ProjectId}, key {KeyId}, secret ***";

    internal SinchCredentials ToCredentials(string? defaultAuthUrl)
    {
        var url = AuthUrl ?? defaultAuthUrl;
        return new SinchCredentials(ProjectId!, KeyId!, KeySecret!, url is null ? null : new Uri(url, UriKind.Absolute), Mode ?? SinchAuthMode.OAuth);
    }
}

/// <summary><c>sinch-actors.projects</c> (bound from <c>Sinch:ProjectRegistry</c>): see the reference configuration.</summary>
public sealed class SinchProjectRegistryOptions
{
    /// <summary><c>idle-timeout</c>: a key without requests this long drops its token (zero never passivates).</summary>
    public TimeSpan? IdleTimeout { get; set; }
    /// <summary><c>max-concurrent-token-fetches</c>: token requests in flight at once across the runtime.</summary>
    public int? MaxConcurrentTokenFetches { get; set; }
    /// <summary><c>max-token-requests-per-second</c>: token requests started in any one second across the runtime.</summary>
    public int? MaxTokenRequestsPerSecond { get; set; }
    /// <summary><c>unknown-project-cache-duration</c>: how long an unknown project is refused without asking the provider.</summary>
    public TimeSpan? UnknownProjectCacheDuration { get; set; }
    /// <summary><c>lookup-timeout</c>: how long one credentials-provider lookup may take.</summary>
    public TimeSpan? LookupTimeout { get; set; }
    /// <summary><c>update-timeout</c>: how long an update waits for the new key's first token.</summary>
    public TimeSpan? UpdateTimeout { get; set; }
}

/// <summary><c>sinch-actors.requests</c>: see the reference configuration for what each knob does and its default.</summary>
public sealed class SinchRequestOptions
{
    /// <summary><c>workers</c>: request worker actors in the pool.</summary>
    public int? Workers { get; set; }
    /// <summary><c>routing</c>: how the pool picks a request's worker.</summary>
    public RequestRouting? Routing { get; set; }
    /// <summary><c>attempt-timeout</c>: the longest one HTTP attempt may take.</summary>
    public TimeSpan? AttemptTimeout { get; set; }
    /// <summary><c>default-deadline</c>: a request's total budget when the caller sets none.</summary>
    public TimeSpan? DefaultDeadline { get; set; }
    /// <summary><c>max-retries</c>: retries after the first attempt.</summary>
    public int? MaxRetries { get; set; }
    /// <summary><c>backoff-base</c>: the first back-off delay.</summary>
    public TimeSpan? BackoffBase { get; set; }
    /// <summary><c>backoff-max</c>: the longest back-off delay.</summary>
    public TimeSpan? BackoffMax { get; set; }
    /// <summary><c>max-in-flight</c>: requests in flight in the runtime before calls fail fast.</summary>
    public int? MaxInFlight { get; set; }
    /// <summary><c>max-in-flight-per-project</c>: requests in flight per project before calls fail fast.</summary>
    public int? MaxInFlightPerProject { get; set; }
    /// <summary><c>max-response-bytes</c>: the largest response body read.</summary>
    public long? MaxResponseBytes { get; set; }
    /// <summary><c>max-error-body-bytes</c>: how much of an error body is kept.</summary>
    public int? MaxErrorBodyBytes { get; set; }
    /// <summary><c>http</c>: the shared HTTP handler.</summary>
    public SinchHttpOptions Http { get; set; } = new();
    /// <summary><c>circuit-breaker</c>: the per (host, project) circuit breakers.</summary>
    public SinchCircuitBreakerOptions CircuitBreaker { get; set; } = new();
    /// <summary><c>allow-insecure-http</c>: test only, plain http to any API host.</summary>
    public bool? AllowInsecureHttp { get; set; }
    /// <summary><c>allow-any-base-url</c>: a request's own base URL may name any host.</summary>
    public bool? AllowAnyBaseUrl { get; set; }
    /// <summary><c>sms-region</c>: the SMS API's region, <see cref="SinchRegion.Us"/> or <see cref="SinchRegion.Eu"/>.</summary>
    public SinchRegion? SmsRegion { get; set; }
    /// <summary><c>base-urls</c>: per-family base URL overrides, keyed by family (<c>AccessKeys</c> or <c>access-keys</c>).</summary>
    public Dictionary<string, string> BaseUrls { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary><c>sinch-actors.requests.http</c>.</summary>
public sealed class SinchHttpOptions
{
    /// <summary><c>max-connections-per-server</c>.</summary>
    public int? MaxConnectionsPerServer { get; set; }
    /// <summary><c>pooled-connection-lifetime</c>.</summary>
    public TimeSpan? PooledConnectionLifetime { get; set; }
    /// <summary><c>pooled-connection-idle-timeout</c>.</summary>
    public TimeSpan? PooledConnectionIdleTimeout { get; set; }
    /// <summary><c>connect-timeout</c>.</summary>
    public TimeSpan? ConnectTimeout { get; set; }
    /// <summary><c>automatic-decompression</c>: ask for compressed bodies and decompress them.</summary>
    public bool? AutomaticDecompression { get; set; }
}

/// <summary><c>sinch-actors.requests.circuit-breaker</c>.</summary>
public sealed class SinchCircuitBreakerOptions
{
    /// <summary><c>failure-ratio</c>.</summary>
    public double? FailureRatio { get; set; }
    /// <summary><c>minimum-throughput</c>.</summary>
    public int? MinimumThroughput { get; set; }
    /// <summary><c>sampling-duration</c>.</summary>
    public TimeSpan? SamplingDuration { get; set; }
    /// <summary><c>break-duration</c>.</summary>
    public TimeSpan? BreakDuration { get; set; }
}

/// <summary><c>sinch-actors.auth</c>: see the reference configuration for what each knob does and its default.</summary>
public sealed class SinchAuthOptions
{
    /// <summary><c>refresh-fraction</c>.</summary>
    public double? RefreshFraction { get; set; }
    /// <summary><c>refresh-jitter</c>.</summary>
    public double? RefreshJitter { get; set; }
    /// <summary><c>safety-margin</c>.</summary>
    public TimeSpan? SafetyMargin { get; set; }
    /// <summary><c>safety-margin-fraction</c>.</summary>
    public double? SafetyMarginFraction { get; set; }
    /// <summary><c>min-lifetime</c>.</summary>
    public TimeSpan? MinLifetime { get; set; }
    /// <summary><c>max-lifetime</c>.</summary>
    public TimeSpan? MaxLifetime { get; set; }
    /// <summary><c>default-lifetime</c>.</summary>
    public TimeSpan? DefaultLifetime { get; set; }
    /// <summary><c>min-backoff</c>.</summary>
    public TimeSpan? MinBackoff { get; set; }
    /// <summary><c>max-backoff</c>.</summary>
    public TimeSpan? MaxBackoff { get; set; }
    /// <summary><c>permanent-failure-retry-interval</c>.</summary>
    public TimeSpan? PermanentFailureRetryInterval { get; set; }
    /// <summary><c>fetch-timeout</c>.</summary>
    public TimeSpan? FetchTimeout { get; set; }
    /// <summary><c>basic-requests-per-second</c>.</summary>
    public double? BasicRequestsPerSecond { get; set; }
    /// <summary><c>fetch-budget-burst</c>.</summary>
    public int? FetchBudgetBurst { get; set; }
    /// <summary><c>fetch-budget-per-minute</c>.</summary>
    public double? FetchBudgetPerMinute { get; set; }
    /// <summary><c>min-refetch-interval</c>.</summary>
    public TimeSpan? MinRefetchInterval { get; set; }
    /// <summary><c>rejected-generations-limit</c>.</summary>
    public int? RejectedGenerationsLimit { get; set; }
    /// <summary><c>rejected-probe-interval</c>.</summary>
    public TimeSpan? RejectedProbeInterval { get; set; }
}

/// <summary><c>sinch-actors.shutdown</c>.</summary>
public sealed class SinchShutdownOptions
{
    /// <summary><c>drain-timeout</c>: how long a shutdown lets requests in flight finish.</summary>
    public TimeSpan? DrainTimeout { get; set; }
    /// <summary><c>phase</c>: the coordinated-shutdown phase the drain runs in.</summary>
    public string? Phase { get; set; }
}

/// <summary><c>sinch-actors.telemetry</c>.</summary>
public sealed class SinchTelemetryOptions
{
    /// <summary><c>include-project-tag</c>: tag metrics with the project ID.</summary>
    public bool? IncludeProjectTag { get; set; }
}
