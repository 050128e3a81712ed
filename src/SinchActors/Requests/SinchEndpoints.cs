using System.Collections.Concurrent;

namespace SinchActors.Requests;

/// <summary>
/// Resolves an API family and region to its base URL, applying per-family overrides (for example pointing every
/// family at a local emulator). Resolved endpoints are cached, so the hot path only looks up an array.
/// </summary>
internal sealed class SinchEndpoints
{
    private readonly SinchEndpoint?[] _resolved;
    private readonly HashSet<string> _configuredHosts;
    private readonly bool _allowInsecureHttp;
    private readonly bool _allowAnyBaseUrl;

    public SinchEndpoints(SinchRequestSettings settings)
        : this(settings.BaseUrls, settings.AllowInsecureHttp, settings.AllowAnyBaseUrl, settings.SmsRegion)
    {
    }

    public SinchEndpoints(IReadOnlyDictionary<SinchApiFamily, Uri> overrides, bool allowInsecureHttp = false, bool allowAnyBaseUrl = false,
        SinchRegion smsRegion = SinchRegion.Us)
    {
        _allowInsecureHttp = allowInsecureHttp;
        _allowAnyBaseUrl = allowAnyBaseUrl;
        _configuredHosts = new HashSet<string>(overrides.Values.Select(url => url.IdnHost), StringComparer.OrdinalIgnoreCase);
        var families = Enum.GetValues<SinchApiFamily>();
        var regions = Enum.GetValues<SinchRegion>();
        _resolved = new SinchEndpoint?[families.Length * regions.Length];
        foreach (var family in families)
        foreach (var region in regions)
        {
            // The SMS region configured stands for the family's default, so the typed client and requests that name no region follow it.
            var hostRegion = family == SinchApiFamily.Sms && region == SinchRegion.Default ? smsRegion : region;
            var baseUrl = overrides.TryGetValue(family, out var overridden) ? overridden : DefaultBaseUrl(family, hostRegion);
            if (baseUrl is not null)
                _resolved[Index(family, region)] = new SinchEndpoint(baseUrl);
        }
    }

    /// <summary>The endpoint of a family in a region.</summary>
    /// <exception cref="ArgumentException">The family has no host in that region.</exception>
    public SinchEndpoint Resolve(SinchApiFamily family, SinchRegion region) =>
        (uint)Index(family, region) < (uint)_resolved.Length && _resolved[Index(family, region)] is { } endpoint
            ? endpoint
            : throw new ArgumentException($"The {family} API has no host in region {region}.", nameof(region));

    /// <summary>
    /// The endpoint of an explicit base URL, cached by its original text so requests to the same base URL share
    /// one endpoint (and its URL cache). Bounded: past the limit, further base URLs get an endpoint of their own.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is not https (or loopback), or names a host that is neither Sinch's nor configured.</exception>
    public SinchEndpoint ForBaseUrl(Uri baseUrl)
    {
        if (_byBaseUrl.TryGetValue(baseUrl.OriginalString, out var endpoint))
            return endpoint; // checked when it was cached
        CheckBaseUrl(baseUrl);
        endpoint = new SinchEndpoint(baseUrl);
        if (Volatile.Read(ref _cachedBaseUrls) >= MaxCachedBaseUrls)
            return endpoint;
        if (_byBaseUrl.TryAdd(baseUrl.OriginalString, endpoint))
        {
            Interlocked.Increment(ref _cachedBaseUrls);
            return endpoint;
        }
        return _byBaseUrl.TryGetValue(baseUrl.OriginalString, out var added) ? added : endpoint;
    }

    /// <summary>
    /// The endpoint of an <c>HttpClient</c> request's own absolute URI (its scheme, host and port), under the rules of
    /// <see cref="ForBaseUrl"/>, cached by origin so a hot path neither parses nor checks it again.
    /// </summary>
    /// <exception cref="ArgumentException">The URI is not https (or loopback), or names a host that is neither Sinch's nor configured.</exception>
    public SinchEndpoint ForRequestUri(Uri requestUri)
    {
        var origin = (requestUri.Scheme, requestUri.Host, requestUri.Port);
        if (_byOrigin.TryGetValue(origin, out var endpoint))
            return endpoint;
        var baseUrl = new Uri(requestUri.GetLeftPart(UriPartial.Authority));
        CheckBaseUrl(baseUrl, "The request URI", "RequestUri");
        endpoint = new SinchEndpoint(baseUrl);
        return _byOrigin.Count < MaxCachedBaseUrls ? _byOrigin.GetOrAdd(origin, endpoint) : endpoint;
    }

    private void CheckBaseUrl(Uri baseUrl, string subject = "The request's BaseUrl", string parameter = nameof(SinchRequest.BaseUrl))
    {
        Http.SecureUrl.Require(baseUrl, subject, parameter, _allowInsecureHttp);
        var host = baseUrl.IdnHost;
        if (_allowAnyBaseUrl || _configuredHosts.Contains(host) || IsSinchHost(host))
            return;
        throw new ArgumentException($"{subject} names host {host}, which is neither Sinch's (*.sinch.com) nor one of " +
            "sinch-actors.requests.base-urls; set sinch-actors.requests.allow-any-base-url = on to send there.", parameter);
    }

    private static bool IsSinchHost(string host) =>
        host.Equals("sinch.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".sinch.com", StringComparison.OrdinalIgnoreCase);

    private const int MaxCachedBaseUrls = 64;

    private int _cachedBaseUrls;

    private readonly ConcurrentDictionary<string, SinchEndpoint> _byBaseUrl = new(StringComparer.Ordinal);

    // Checked origins only; ConcurrentDictionary.Count takes its locks, but only a miss reads it.
    private readonly ConcurrentDictionary<(string Scheme, string Host, int Port), SinchEndpoint> _byOrigin = new();

    private static readonly int RegionCount = Enum.GetValues<SinchRegion>().Length;

    private static int Index(SinchApiFamily family, SinchRegion region) => (int)family * RegionCount + (int)region;

    private static Uri? DefaultBaseUrl(SinchApiFamily family, SinchRegion region)
    {
        var host = (family, region) switch
        {
            (SinchApiFamily.AccessKeys, SinchRegion.Default) => "account.api.sinch.com",
            (SinchApiFamily.Numbers, SinchRegion.Default) => "numbers.api.sinch.com",
            (SinchApiFamily.Sms, SinchRegion.Default or SinchRegion.Us) => "zt.us.sms.api.sinch.com",
            (SinchApiFamily.Sms, SinchRegion.Eu) => "zt.eu.sms.api.sinch.com",
            (SinchApiFamily.Conversation, SinchRegion.Default or SinchRegion.Us) => "us.conversation.api.sinch.com",
            (SinchApiFamily.Conversation, SinchRegion.Eu) => "eu.conversation.api.sinch.com",
            (SinchApiFamily.Conversation, SinchRegion.Br) => "br.conversation.api.sinch.com",
            (SinchApiFamily.Templates, SinchRegion.Default or SinchRegion.Us) => "us.template.api.sinch.com",
            (SinchApiFamily.Templates, SinchRegion.Eu) => "eu.template.api.sinch.com",
            (SinchApiFamily.Templates, SinchRegion.Br) => "br.template.api.sinch.com",
            (SinchApiFamily.Fax, SinchRegion.Default) => "fax.api.sinch.com",
            (SinchApiFamily.NumberLookup, SinchRegion.Default) => "lookup.api.sinch.com",
            (SinchApiFamily.ElasticSipTrunking, SinchRegion.Default) => "elastic-trunking.api.sinch.com",
            _ => null,
        };
        return host is null ? null : new Uri("https://" + host);
    }
}

/// <summary>A base URL with what the pipeline derives from it, computed once.</summary>
internal sealed class SinchEndpoint
{
    public SinchEndpoint(Uri baseUrl)
    {
        BaseUrl = baseUrl;
        Prefix = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        Authority = baseUrl.Authority;
    }

    /// <summary>The base URL as configured.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Scheme, host, port and base path without a trailing slash: request paths are appended to it.</summary>
    public string Prefix { get; }

    /// <summary>Host and port: the circuit breakers are kept per authority and project.</summary>
    public string Authority { get; }

    /// <summary>
    /// The absolute URL of a request path and an already encoded query. The URLs of the first paths seen are cached
    /// (a <see cref="Uri"/> is immutable, so requests share it): a hot path parses its URL once, not per request.
    /// Paths that carry IDs vary without end, so the cache is bounded and later paths are simply built each time.
    /// </summary>
    public Uri Combine(string path, string? query)
    {
        var key = (path, query ?? string.Empty);
        if (_uris.TryGetValue(key, out var uri))
            return uri;
        uri = new Uri(query is null or "" ? string.Concat(Prefix, path) : string.Concat(Prefix, path, "?", query), UriKind.Absolute);
        // A counter of our own: ConcurrentDictionary.Count takes every lock of the dictionary.
        if (Volatile.Read(ref _cachedUris) < MaxCachedUris && _uris.TryAdd(key, uri))
            Interlocked.Increment(ref _cachedUris);
        return uri;
    }

    private const int MaxCachedUris = 256;

    private int _cachedUris;

    private readonly ConcurrentDictionary<(string Path, string Query), Uri> _uris = new();
}
