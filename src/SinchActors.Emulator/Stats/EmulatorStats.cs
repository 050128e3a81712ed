using System.Collections.Concurrent;

namespace SinchActors.Emulator.Stats;

/// <summary>Thread-safe counters of everything the emulator served. Updates are single interlocked operations.</summary>
public sealed class EmulatorStats
{
    private readonly ConcurrentDictionary<string, KeyCounters> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, Counter>> _api = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<UnauthorizedReason, Counter> _unauthorized = new();
    private readonly ConcurrentDictionary<string, Counter> _posts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _apiInProgress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _apiAborted = new(StringComparer.Ordinal);
    private int _currentTokenRequests;
    private int _peakTokenRequests;
    private long _faultsInjected;

    /// <summary>Token requests being served right now.</summary>
    public int CurrentConcurrentTokenRequests => Volatile.Read(ref _currentTokenRequests);

    /// <summary>Most token requests served at once since start or <see cref="Reset"/>.</summary>
    public int PeakConcurrentTokenRequests => Volatile.Read(ref _peakTokenRequests);

    /// <summary>Requests that an injected fault changed (latency excluded).</summary>
    public long FaultsInjected => Interlocked.Read(ref _faultsInjected);

    /// <summary>Token endpoint outcomes for <paramref name="keyId"/> (zeros when never seen).</summary>
    public TokenCounts Tokens(string keyId) =>
        _tokens.TryGetValue(keyId, out var c) ? c.ToCounts() : new TokenCounts(0, 0, 0);

    /// <summary>API requests for <paramref name="projectId"/> answered with <paramref name="statusCode"/>.</summary>
    public long ApiRequests(string projectId, int statusCode) =>
        _api.TryGetValue(projectId, out var byStatus) && byStatus.TryGetValue(statusCode, out var c) ? c.Read() : 0;

    /// <summary>All API requests for <paramref name="projectId"/>, any status.</summary>
    public long ApiRequests(string projectId)
    {
        long total = 0;
        if (_api.TryGetValue(projectId, out var byStatus))
            foreach (var pair in byStatus) total += pair.Value.Read();
        return total;
    }

    /// <summary>
    /// API requests for <paramref name="projectId"/> that have arrived and are not answered yet (held by a latency
    /// fault, say): a request on the wire, which <see cref="ApiRequests(string)"/> counts only once it is answered.
    /// </summary>
    public long ApiRequestsInProgress(string projectId) => _apiInProgress.TryGetValue(projectId, out var c) ? c.Read() : 0;

    /// <summary>API requests for <paramref name="projectId"/> that the client aborted before they were answered (not in <see cref="ApiRequests(string)"/>).</summary>
    public long ApiRequestsAborted(string projectId) => _apiAborted.TryGetValue(projectId, out var c) ? c.Read() : 0;

    /// <summary>401 answers given for <paramref name="reason"/>.</summary>
    public long Unauthorized(UnauthorizedReason reason) => _unauthorized.TryGetValue(reason, out var c) ? c.Read() : 0;

    /// <summary>Processed POSTs carrying <paramref name="displayName"/> (access key name, SMS client reference or body).</summary>
    public long Posts(string displayName) => _posts.TryGetValue(displayName, out var c) ? c.Read() : 0;

    /// <summary>Copies every counter.</summary>
    public StatsSnapshot Snapshot()
    {
        var tokens = new Dictionary<string, TokenCounts>(StringComparer.Ordinal);
        foreach (var pair in _tokens) tokens[pair.Key] = pair.Value.ToCounts();
        var api = new Dictionary<string, Dictionary<int, long>>(StringComparer.Ordinal);
        foreach (var project in _api)
        {
            var byStatus = new Dictionary<int, long>();
            foreach (var status in project.Value) byStatus[status.Key] = status.Value.Read();
            api[project.Key] = byStatus;
        }
        var unauthorized = new Dictionary<UnauthorizedReason, long>();
        foreach (var pair in _unauthorized) unauthorized[pair.Key] = pair.Value.Read();
        var posts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in _posts) posts[pair.Key] = pair.Value.Read();
        return new StatsSnapshot(
            tokens, api, unauthorized, posts,
            new ConcurrencyCounts(CurrentConcurrentTokenRequests, PeakConcurrentTokenRequests),
            FaultsInjected);
    }

    /// <summary>Zeroes every counter. The peak restarts from the requests in flight now.</summary>
    public void Reset()
    {
        _tokens.Clear();
        _api.Clear();
        _unauthorized.Clear();
        _posts.Clear();
        _apiAborted.Clear();
        Interlocked.Exchange(ref _faultsInjected, 0);
        Volatile.Write(ref _peakTokenRequests, CurrentConcurrentTokenRequests);
    }

    internal void TokenIssued(string keyId) => Interlocked.Increment(ref KeyOf(keyId).Issued);

    internal void TokenRejected(string keyId) => Interlocked.Increment(ref KeyOf(keyId).Rejected);

    internal void TokenRateLimited(string keyId) => Interlocked.Increment(ref KeyOf(keyId).RateLimited);

    internal void ApiRequest(string projectId, int statusCode) =>
        _api.GetOrAdd(projectId, static _ => new ConcurrentDictionary<int, Counter>())
            .GetOrAdd(statusCode, static _ => new Counter())
            .Increment();

    internal void ApiRequestStarted(string projectId) => _apiInProgress.GetOrAdd(projectId, static _ => new Counter()).Increment();

    internal void ApiRequestEnded(string projectId) => _apiInProgress.GetOrAdd(projectId, static _ => new Counter()).Decrement();

    internal void ApiRequestAborted(string projectId) => _apiAborted.GetOrAdd(projectId, static _ => new Counter()).Increment();

    internal void Unauthorized401(UnauthorizedReason reason) => _unauthorized.GetOrAdd(reason, static _ => new Counter()).Increment();

    internal void Post(string displayName) => _posts.GetOrAdd(displayName, static _ => new Counter()).Increment();

    internal void FaultInjected() => Interlocked.Increment(ref _faultsInjected);

    internal void TokenRequestStarted()
    {
        var now = Interlocked.Increment(ref _currentTokenRequests);
        var peak = Volatile.Read(ref _peakTokenRequests);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peakTokenRequests, now, peak);
            if (seen == peak) break;
            peak = seen;
        }
    }

    internal void TokenRequestEnded() => Interlocked.Decrement(ref _currentTokenRequests);

    private KeyCounters KeyOf(string keyId) => _tokens.GetOrAdd(keyId, static _ => new KeyCounters());

    private sealed class KeyCounters
    {
        public long Issued;
        public long Rejected;
        public long RateLimited;

        public TokenCounts ToCounts() =>
            new(Interlocked.Read(ref Issued), Interlocked.Read(ref Rejected), Interlocked.Read(ref RateLimited));
    }

    private sealed class Counter
    {
        private long _value;

        public void Increment() => Interlocked.Increment(ref _value);

        public void Decrement() => Interlocked.Decrement(ref _value);

        public long Read() => Interlocked.Read(ref _value);
    }
}
