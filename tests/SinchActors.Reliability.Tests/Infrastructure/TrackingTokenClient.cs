using System.Collections.Concurrent;
using SinchActors.Auth;

namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>
/// Wraps the runtime's token client: counts fetches in flight (so virtual-time specs can let them finish before
/// moving the clock again) and keeps every access token issued (so the secret scan can look for them).
/// </summary>
internal sealed class TrackingTokenClient(ITokenClient inner) : ITokenClient
{
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public ConcurrentQueue<string> IssuedTokens { get; } = new();

    public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var grant = await inner.FetchAsync(credentials, cancellationToken);
            IssuedTokens.Enqueue(grant.AccessToken);
            return grant;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
