namespace SinchActors.Auth;

/// <summary>
/// How every token manager of a runtime sends its token requests: through the runtime's cap on token requests in
/// flight (so thousands of keys starting together do not burst the auth server), with scheduled refreshes served
/// ahead of everything else (so a cold burst never lets a warm key's token expire), and within
/// <see cref="TokenManagerSettings.FetchTimeout"/> counted from the moment the manager asked, the wait for a permit
/// included. The permit is held by the fetch itself and released when it ends, whatever happens to its manager.
/// </summary>
internal sealed class TokenFetcher
{
    private readonly ITokenClient _client;
    private readonly TimeSpan _fetchTimeout;
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource> _refreshes = new();
    private readonly Queue<TaskCompletionSource> _others = new();
    private int _capacity;
    private int _available; // _capacity minus the permits held; negative for a while after the capacity shrank

    /// <summary>Creates the fetcher.</summary>
    /// <param name="client">Sends the requests.</param>
    /// <param name="maxConcurrentFetches">Token requests in flight at once across the runtime.</param>
    /// <param name="fetchTimeout">The longest a fetch may take, the wait for a permit included.</param>
    public TokenFetcher(ITokenClient client, int maxConcurrentFetches, TimeSpan fetchTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentFetches, 1);
        _client = client;
        Limit = _capacity = _available = maxConcurrentFetches;
        _fetchTimeout = fetchTimeout;
    }

    /// <summary>The configured cap (<c>sinch-actors.projects.max-concurrent-token-fetches</c>).</summary>
    public int Limit { get; }

    /// <summary>The permits in effect: <see cref="Limit"/>, or this node's share of it in cluster mode.</summary>
    public int Capacity
    {
        get
        {
            lock (_gate)
                return _capacity;
        }
    }

    /// <summary>
    /// Changes the permits in effect (cluster mode gives each node hosting token managers its share of the cap). Fetches
    /// holding a permit keep it; when the capacity shrank, released permits are retired until the new one holds.
    /// </summary>
    public void Resize(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        lock (_gate)
        {
            _available += capacity - _capacity;
            _capacity = capacity;
            GrantWaiting();
        }
    }

    /// <summary>Fetches a token for <paramref name="credentials"/>; a refresh goes ahead of every other waiting request.</summary>
    /// <exception cref="SinchTokenEndpointException">The request failed or took longer than the fetch timeout.</exception>
    public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, bool refresh, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_fetchTimeout);
        try
        {
            await AcquireAsync(refresh, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(credentials, "waiting for a permit of sinch-actors.projects.max-concurrent-token-fetches", e);
        }

        try
        {
            return await _client.FetchAsync(credentials, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(credentials, "waiting for the token endpoint", e);
        }
        finally
        {
            Release();
        }
    }

    private SinchTokenEndpointException TimedOut(SinchCredentials credentials, string what, Exception cause) =>
        new(credentials.ProjectId, TokenFailureKind.Timeout,
            $"no token within sinch-actors.auth.fetch-timeout ({_fetchTimeout.TotalSeconds:0.###} s) {what}", innerException: cause,
            keyId: credentials.KeyId);

    private Task AcquireAsync(bool refresh, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_available > 0)
            {
                _available--;
                return Task.CompletedTask;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (refresh ? _refreshes : _others).Enqueue(waiter);
        }
        // A cancelled waiter stays queued; Release skips it, so its permit goes to the next one.
        cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), waiter);
        return waiter.Task;
    }

    private void Release()
    {
        lock (_gate)
        {
            _available++;
            GrantWaiting();
        }
    }

    /// <summary>Hands free permits to the waiters, refreshes first. Called under the gate.</summary>
    private void GrantWaiting()
    {
        while (_available > 0 && (_refreshes.TryDequeue(out var next) || _others.TryDequeue(out next)))
        {
            if (next.TrySetResult())
                _available--;
        }
    }
}
