using System.Globalization;
using Akka.Configuration.Hocon;
using Microsoft.Extensions.Configuration;
using SinchActors.Configuration;
using SinchActors.Hosting;

namespace SinchActors.Tests.Hosting;

/// <summary>
/// The options-to-HOCON mapping (<c>OptionsHocon.Keys</c>) is pinned: every options path and its HOCON key are listed
/// here, each key exists in the reference configuration, each options path binds from <c>appsettings.json</c>, and
/// every key of the reference configuration is settable by an option or listed as deliberately not.
/// </summary>
public class OptionsMappingSpecs
{
    /// <summary>Every knob: options path under <c>Sinch</c>, HOCON key under <c>sinch-actors</c>. Renaming either is a breaking change.</summary>
    private static readonly (string Options, string Hocon)[] Pinned =
    [
        ("ProjectRegistry:IdleTimeout", "projects.idle-timeout"),
        ("ProjectRegistry:MaxConcurrentTokenFetches", "projects.max-concurrent-token-fetches"),
        ("ProjectRegistry:MaxTokenRequestsPerSecond", "projects.max-token-requests-per-second"),
        ("ProjectRegistry:UnknownProjectCacheDuration", "projects.unknown-project-cache-duration"),
        ("ProjectRegistry:LookupTimeout", "projects.lookup-timeout"),
        ("ProjectRegistry:UpdateTimeout", "projects.update-timeout"),
        ("Requests:Workers", "requests.workers"),
        ("Requests:Routing", "requests.routing"),
        ("Requests:AttemptTimeout", "requests.attempt-timeout"),
        ("Requests:DefaultDeadline", "requests.default-deadline"),
        ("Requests:MaxRetries", "requests.max-retries"),
        ("Requests:BackoffBase", "requests.backoff-base"),
        ("Requests:BackoffMax", "requests.backoff-max"),
        ("Requests:MaxInFlight", "requests.max-in-flight"),
        ("Requests:MaxInFlightPerProject", "requests.max-in-flight-per-project"),
        ("Requests:MaxResponseBytes", "requests.max-response-bytes"),
        ("Requests:MaxErrorBodyBytes", "requests.max-error-body-bytes"),
        ("Requests:Http:MaxConnectionsPerServer", "requests.http.max-connections-per-server"),
        ("Requests:Http:PooledConnectionLifetime", "requests.http.pooled-connection-lifetime"),
        ("Requests:Http:PooledConnectionIdleTimeout", "requests.http.pooled-connection-idle-timeout"),
        ("Requests:Http:ConnectTimeout", "requests.http.connect-timeout"),
        ("Requests:Http:AutomaticDecompression", "requests.http.automatic-decompression"),
        ("Requests:CircuitBreaker:FailureRatio", "requests.circuit-breaker.failure-ratio"),
        ("Requests:CircuitBreaker:MinimumThroughput", "requests.circuit-breaker.minimum-throughput"),
        ("Requests:CircuitBreaker:SamplingDuration", "requests.circuit-breaker.sampling-duration"),
        ("Requests:CircuitBreaker:BreakDuration", "requests.circuit-breaker.break-duration"),
        ("Requests:AllowInsecureHttp", "requests.allow-insecure-http"),
        ("Requests:AllowAnyBaseUrl", "requests.allow-any-base-url"),
        ("Requests:SmsRegion", "requests.sms-region"),
        ("Auth:RefreshFraction", "auth.refresh-fraction"),
        ("Auth:RefreshJitter", "auth.refresh-jitter"),
        ("Auth:SafetyMargin", "auth.safety-margin"),
        ("Auth:SafetyMarginFraction", "auth.safety-margin-fraction"),
        ("Auth:MinLifetime", "auth.min-lifetime"),
        ("Auth:MaxLifetime", "auth.max-lifetime"),
        ("Auth:DefaultLifetime", "auth.default-lifetime"),
        ("Auth:MinBackoff", "auth.min-backoff"),
        ("Auth:MaxBackoff", "auth.max-backoff"),
        ("Auth:PermanentFailureRetryInterval", "auth.permanent-failure-retry-interval"),
        ("Auth:FetchTimeout", "auth.fetch-timeout"),
        ("Auth:FetchBudgetBurst", "auth.fetch-budget-burst"),
        ("Auth:FetchBudgetPerMinute", "auth.fetch-budget-per-minute"),
        ("Auth:MinRefetchInterval", "auth.min-refetch-interval"),
        ("Auth:RejectedGenerationsLimit", "auth.rejected-generations-limit"),
        ("Auth:RejectedProbeInterval", "auth.rejected-probe-interval"),
        ("Auth:BasicRequestsPerSecond", "auth.basic-requests-per-second"),
        ("Shutdown:DrainTimeout", "shutdown.drain-timeout"),
        ("Shutdown:Phase", "shutdown.phase"),
        ("Telemetry:IncludeProjectTag", "telemetry.include-project-tag"),
    ];

    [Fact]
    public void Every_options_path_maps_to_its_pinned_hocon_key()
    {
        Assert.Equal(Pinned.Select(p => (p.Options, "sinch-actors." + p.Hocon)), OptionsHocon.Keys.Select(k => (k.Options, k.Hocon)));
    }

    [Fact]
    public void Every_key_the_options_emit_exists_in_the_reference_configuration()
    {
        Assert.All(OptionsHocon.Keys, key => Assert.True(SinchActorsConfig.Reference.HasPath(key.Hocon), $"{key.Hocon} is not in hocon/sinch-actors.conf"));
    }

    [Fact]
    public void Every_key_of_the_reference_configuration_is_settable_by_an_option()
    {
        var settable = OptionsHocon.Keys.Select(k => k.Hocon).ToHashSet(StringComparer.Ordinal);

        var leaves = Leaves(SinchActorsConfig.Reference.Root, "").Where(k => k.StartsWith("sinch-actors.", StringComparison.Ordinal));

        // requests.base-urls is empty in the reference: its keys (one per API family) are set through Requests:BaseUrls.
        Assert.Equal([], leaves.Where(k => !settable.Contains(k)).ToArray());
    }

    [Fact]
    public void Every_options_path_binds_from_configuration_and_emits_its_key()
    {
        var values = OptionsHocon.Keys.ToDictionary(k => $"{SinchActorsOptions.SectionName}:{k.Options}", k => (string?)SampleValue(k.ValueType));
        values["Sinch:Requests:BaseUrls:AccessKeys"] = "https://example.com/";
        var options = new SinchActorsOptions();

        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(SinchActorsOptions.SectionName).Bind(options);
        var config = options.ToConfig();

        Assert.All(OptionsHocon.Keys, key => Assert.True(config.HasPath(key.Hocon), $"{key.Options} did not emit {key.Hocon}"));
        Assert.Equal("https://example.com/", config.GetString("sinch-actors.requests.base-urls.access-keys"));
        Assert.Equal(OptionsHocon.Keys.Count + 1, OptionsHocon.Values(options).Count());
    }

    [Fact]
    public void Options_that_set_nothing_emit_nothing_so_the_reference_configuration_decides()
    {
        Assert.Equal("", OptionsHocon.Write(new SinchActorsOptions()));
    }

    [Fact]
    public void An_out_of_range_option_is_reported_by_its_options_path_and_its_hocon_key()
    {
        var options = new SinchActorsOptions { Auth = { FetchBudgetBurst = 0 }, Shutdown = { DrainTimeout = TimeSpan.FromSeconds(-1) } };

        Assert.Equal(["Sinch:Shutdown:DrainTimeout / sinch-actors.shutdown.drain-timeout must not be negative."], options.Validate());
        options.Shutdown.DrainTimeout = null;
        Assert.Equal(["Sinch:Auth:FetchBudgetBurst / sinch-actors.auth.fetch-budget-burst must be at least 1 (is 0)."], options.Validate());
    }

    private static string SampleValue(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "00:00:07",
        _ when type == typeof(bool) => "true",
        _ when type == typeof(double) => "0.5",
        _ when type == typeof(string) => "sample",
        _ when type.IsEnum => Enum.GetNames(type)[^1],
        _ => Convert.ToString(7, CultureInfo.InvariantCulture)!,
    };

    private static IEnumerable<string> Leaves(HoconValue value, string path)
    {
        if (!value.IsObject())
            return [path];
        return value.GetObject().Items.SelectMany(item => Leaves(item.Value, path.Length == 0 ? item.Key : $"{path}.{item.Key}"));
    }
}
