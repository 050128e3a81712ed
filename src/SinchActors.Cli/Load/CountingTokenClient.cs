using System.Collections.Concurrent;
using System.Diagnostics;
using SinchActors.Auth;

namespace SinchActors.Cli.Load;

/// <summary>One token fetch: when it started (a <see cref="Stopwatch"/> timestamp) and whether it failed.</summary>
internal sealed record TokenFetch(long StartedAt)
{
    public bool Failed { get; set; }
}

/// <summary>The token fetches of a run, per access key: what the summary compares with the minimum and draws over time.</summary>
internal interface ITokenFetchLog
{
    /// <summary>Fetches started, successful or not.</summary>
    long Total { get; }

    /// <summary>The fetches for one key ID so far, in the order they started.</summary>
    IReadOnlyList<TokenFetch> ForKey(string keyId);
}

/// <summary>
/// Wraps the runtime's token client to record the fetches of each access key, so the summary can compare them with
/// the minimum possible and draw them over time. It sees what the runtime asks for, not what the server answers.
/// </summary>
internal sealed class CountingTokenClient(ITokenClient inner) : ITokenClient, ITokenFetchLog
{
    private readonly ConcurrentDictionary<string, List<TokenFetch>> _byKey = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
    {
        var fetch = new TokenFetch(Stopwatch.GetTimestamp());
        var fetches = _byKey.GetOrAdd(credentials.KeyId, _ => []);
        lock (fetches)
            fetches.Add(fetch);
        Interlocked.Increment(ref _total);
        try
        {
            return await inner.FetchAsync(credentials, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (fetches)
                fetch.Failed = true;
            throw;
        }
    }

    public IReadOnlyList<TokenFetch> ForKey(string keyId)
    {
        if (!_byKey.TryGetValue(keyId, out var fetches))
            return [];
        lock (fetches)
            return fetches.Select(f => f with { }).ToList();
    }
}
