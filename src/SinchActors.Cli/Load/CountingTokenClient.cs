using System.Collections.Concurrent;
using SinchActors.Auth;

namespace SinchActors.Cli.Load;

/// <summary>
/// Wraps the runtime's token client to count fetches per access key, so the summary can compare them with the
/// minimum possible. It sees what the runtime asks for, not what the server answers.
/// </summary>
internal sealed class CountingTokenClient(ITokenClient inner) : ITokenClient
{
    private readonly ConcurrentDictionary<string, FetchCounter> _byKey = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Fetches started, successful or not.</summary>
    public long Total => Interlocked.Read(ref _total);

    public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
    {
        var counter = _byKey.GetOrAdd(credentials.KeyId, _ => new FetchCounter());
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref counter.Started);
        try
        {
            return await inner.FetchAsync(credentials, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Increment(ref counter.Failed);
            throw;
        }
    }

    /// <summary>Fetches started and failed for one key ID.</summary>
    public (long Started, long Failed) ForKey(string keyId) =>
        _byKey.TryGetValue(keyId, out var c) ? (Interlocked.Read(ref c.Started), Interlocked.Read(ref c.Failed)) : (0, 0);

    private sealed class FetchCounter
    {
        public long Started;
        public long Failed;
    }
}
