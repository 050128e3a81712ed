namespace SinchActors.Auth;

/// <summary>
/// Caps the token requests in flight across all token managers of a runtime, so thousands of projects starting (or
/// refreshing) together do not burst the auth server. Waiting fetches are served first come, first served
/// (<see cref="SemaphoreSlim"/> queues asynchronous waiters in order), and a token manager has at most one fetch in
/// flight, so the queue is fair between keys. The permit is held by the fetch task itself and released when it
/// ends, whatever happens to the manager that started it.
/// </summary>
internal sealed class TokenFetchLimiter(ITokenClient inner, int maxConcurrentFetches) : ITokenClient
{
    private readonly SemaphoreSlim _permits = new(maxConcurrentFetches, maxConcurrentFetches);

    public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
    {
        await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await inner.FetchAsync(credentials, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _permits.Release();
        }
    }
}
