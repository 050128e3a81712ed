namespace SinchActors.Emulator.Stats;

/// <summary>Token endpoint outcomes for one key ID.</summary>
/// <param name="Issued">Tokens issued (200).</param>
/// <param name="Rejected">Requests refused for any reason other than rate limiting (wrong secret, bad grant, injected faults…).</param>
/// <param name="RateLimited">Requests answered 429 by the per-key token bucket.</param>
public sealed record TokenCounts(long Issued, long Rejected, long RateLimited);

/// <summary>Concurrent token requests being served now, and the most seen at once since the last reset.</summary>
/// <param name="Current">Token requests in progress.</param>
/// <param name="Peak">Highest <paramref name="Current"/> since start or reset.</param>
public sealed record ConcurrencyCounts(int Current, int Peak);

/// <summary>A copy of every counter at one moment; also the body of <c>GET /_emulator/stats</c>.</summary>
/// <param name="Tokens">Token endpoint outcomes per key ID.</param>
/// <param name="ApiRequests">API requests per project ID and HTTP status; status 0 means the connection was aborted by a fault.</param>
/// <param name="Unauthorized">401 answers by reason (token endpoint and API).</param>
/// <param name="PostsByDisplayName">Processed POSTs per access key <c>displayName</c> or SMS <c>client_reference</c> (else body).</param>
/// <param name="ConcurrentTokenRequests">Current and peak concurrent token requests.</param>
/// <param name="FaultsInjected">Requests that an injected fault changed (latency excluded).</param>
public sealed record StatsSnapshot(
    Dictionary<string, TokenCounts> Tokens,
    Dictionary<string, Dictionary<int, long>> ApiRequests,
    Dictionary<UnauthorizedReason, long> Unauthorized,
    Dictionary<string, long> PostsByDisplayName,
    ConcurrencyCounts ConcurrentTokenRequests,
    long FaultsInjected);
