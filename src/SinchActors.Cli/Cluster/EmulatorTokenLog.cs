using System.Diagnostics;
using SinchActors.Cli.Load;
using SinchActors.Emulator;

namespace SinchActors.Cli.Cluster;

/// <summary>
/// The token requests of <c>demo --nodes N</c>, counted where they arrive: at the emulator's token endpoint, whichever
/// node sent them (a killed node's included). Each new request is timed when the log first sees it: the log reads the
/// emulator's counters every 100 ms and whenever it is asked, until <see cref="Freeze"/>: the nodes go on refreshing
/// after the load, and the summary's parts must all count the same requests.
/// </summary>
internal sealed class EmulatorTokenLog : ITokenFetchLog, IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly SinchEmulator _emulator;
    private readonly Dictionary<string, (long Seen, long Failed, List<TokenFetch> Fetches)> _byKey;
    private readonly Timer _poll;
    private long? _frozenAt;

    public EmulatorTokenLog(SinchEmulator emulator, IEnumerable<string> keyIds)
    {
        _emulator = emulator;
        _byKey = keyIds.Distinct(StringComparer.Ordinal).ToDictionary(k => k, _ => (0L, 0L, new List<TokenFetch>()), StringComparer.Ordinal);
        _poll = new Timer(_ => Poll(), null, PollInterval, PollInterval);
    }

    public long Total
    {
        get
        {
            Poll();
            lock (_byKey)
                return _byKey.Values.Sum(k => k.Seen);
        }
    }

    public IReadOnlyList<TokenFetch> ForKey(string keyId)
    {
        Poll();
        lock (_byKey)
            return _byKey.TryGetValue(keyId, out var key) ? key.Fetches.Select(f => f with { }).ToList() : [];
    }

    /// <summary>Tokens issued (successful token requests), over all keys.</summary>
    public long Issued
    {
        get
        {
            Poll();
            lock (_byKey)
                return _byKey.Values.Sum(k => k.Seen - k.Failed);
        }
    }

    /// <summary>When the requests were last counted: the <see cref="Stopwatch"/> timestamp of <see cref="Freeze"/>, or now.</summary>
    public long CountedAt
    {
        get
        {
            lock (_byKey)
                return _frozenAt ?? Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Counts one last time; from now on the log answers with these counts.</summary>
    public void Freeze()
    {
        Poll();
        lock (_byKey)
            _frozenAt ??= Stopwatch.GetTimestamp();
    }

    private void Poll()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_byKey)
        {
            if (_frozenAt is not null)
                return;
            foreach (var keyId in _byKey.Keys.ToList())
            {
                var counts = _emulator.Stats.Tokens(keyId);
                var (seen, failed, fetches) = _byKey[keyId];
                var failures = counts.Rejected + counts.RateLimited;
                var newFailures = failures - failed;
                for (var i = seen; i < counts.Issued + failures; i++)
                    fetches.Add(new TokenFetch(now) { Failed = newFailures-- > 0 });
                _byKey[keyId] = (counts.Issued + failures, failures, fetches);
            }
        }
    }

    public void Dispose() => _poll.Dispose();
}
