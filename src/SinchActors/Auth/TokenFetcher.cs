using SinchActors.Timing;

namespace SinchActors.Auth;

/// <summary>
/// How every token manager of a runtime sends its token requests: through the runtime's caps, on token requests in
/// flight and on token requests started in any one second (so thousands of keys starting or refreshing together do
/// not burst the auth server), with scheduled refreshes served ahead of everything else (so a cold burst never lets a
/// warm key's token expire), and within <see cref="TokenManagerSettings.FetchTimeout"/> counted from the moment the
/// manager asked, the wait for a permit included. The permit is held by the fetch itself and released when it ends,
/// whatever happens to its manager.
/// </summary>
internal sealed class TokenFetcher
{
    private readonly ITokenClient _client;
    private readonly TimeSpan _fetchTimeout;
    private readonly TimeProvider _clock;
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource> _refreshes = new();
    private readonly Queue<TaskCompletionSource> _others = new();
    private int _capacity;
    private int _available; // _capacity minus the permits held; negative for a while after the capacity shrank
    // The start times of the last max-per-second requests, a ring whose oldest is at _oldest: one more may start once
    // the oldest is a second old. Null without a per-second cap.
    private readonly MonotonicDeadline[]? _recentStarts;
    private int _oldest;
    private ITimer? _wake;

    /// <summary>Creates the fetcher.</summary>
    /// <param name="client">Sends the requests.</param>
    /// <param name="maxConcurrentFetches">Token requests in flight at once across the runtime.</param>
    /// <param name="fetchTimeout">The longest a fetch may take, the wait for a permit included.</param>
    /// <param name="maxRequestsPerSecond">Token requests started in any one second across the runtime; <c>null</c>: no such cap.</param>
    /// <param name="clock">The runtime's clock (the token managers'): of that second, and of when each request is sent;
    /// <see cref="TimeProvider.System"/> when null.</param>
    public TokenFetcher(ITokenClient client, int maxConcurrentFetches, TimeSpan fetchTimeout, int? maxRequestsPerSecond = null,
        TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentFetches, 1);
        _client = client;
        Limit = _capacity = _available = maxConcurrentFetches;
        _fetchTimeout = fetchTimeout;
        _clock = clock ?? TimeProvider.System;
        if (maxRequestsPerSecond is { } perSecond)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1, nameof(maxRequestsPerSecond));
            _recentStarts = new MonotonicDeadline[perSecond];
            Array.Fill(_recentStarts, NeverStarted);
        }
    }

    private static readonly MonotonicDeadline NeverStarted = new(long.MinValue / 2); // over a second before any clock's start

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
            Pump();
        }
    }

    /// <summary>Fetches a token for <paramref name="credentials"/>; a refresh goes ahead of every other waiting request (see <see cref="RefreshPolicy.GoesAhead"/>).</summary>
    /// <returns>The grant and when its request was sent (its permit held), on the clock: where its lifetime is counted from.</returns>
    /// <exception cref="SinchTokenEndpointException">The request failed or took longer than the fetch timeout.</exception>
    public async Task<FetchedToken> FetchAsync(SinchCredentials credentials, bool refresh, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_fetchTimeout);
        try
        {
            await AcquireAsync(refresh, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(credentials, "waiting for a permit of sinch-actors.projects.max-concurrent-token-fetches " +
                                        "and max-token-requests-per-second", e);
        }

        try
        {
            var (sentAt, sentAtUtc) = (MonotonicDeadline.Now(_clock), _clock.GetUtcNow());
            return new FetchedToken(await _client.FetchAsync(credentials, timeout.Token).ConfigureAwait(false), sentAt, sentAtUtc);
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
            if (_available > 0 && _refreshes.Count == 0 && _others.Count == 0 && TryStart())
            {
                _available--;
                return Task.CompletedTask;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (refresh ? _refreshes : _others).Enqueue(waiter);
        }
        // A cancelled waiter stays queued; Pump skips it, so its permit goes to the next one.
        cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), waiter);
        return waiter.Task;
    }

    private void Release()
    {
        lock (_gate)
        {
            _available++;
            Pump();
        }
    }

    /// <summary>Hands free permits to waiters, refreshes first, as fast as the per-second cap allows. Under the gate.</summary>
    private void Pump()
    {
        while (_available > 0 && (_refreshes.Count > 0 || _others.Count > 0))
        {
            if (!TryStart())
                return; // the wake timer pumps again once the second has passed
            var next = _refreshes.Count > 0 ? _refreshes.Dequeue() : _others.Dequeue();
            if (next.TrySetResult())
                _available--;
            else
                Unstart(); // cancelled while waiting: its start is given back
        }
    }

    /// <summary>Records a start now if the per-second cap allows one; otherwise arms the wake timer. Under the gate.</summary>
    private bool TryStart()
    {
        if (_recentStarts is null)
            return true;
        var now = MonotonicDeadline.Now(_clock);
        var allowedAt = _recentStarts[_oldest].Plus(TimeSpan.FromSeconds(1), _clock);
        if (allowedAt > now)
        {
            _wake ??= _clock.CreateTimer(static state =>
            {
                var fetcher = (TokenFetcher)state!;
                lock (fetcher._gate)
                    fetcher.Pump();
            }, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _wake.Change(now.Until(allowedAt, _clock), Timeout.InfiniteTimeSpan);
            return false;
        }
        _recentStarts[_oldest] = now;
        _oldest = (_oldest + 1) % _recentStarts.Length;
        return true;
    }

    private void Unstart()
    {
        if (_recentStarts is null)
            return;
        _oldest = (_oldest + _recentStarts.Length - 1) % _recentStarts.Length;
        _recentStarts[_oldest] = NeverStarted;
    }
}

/// <summary>A granted token and when its request was sent, on the fetcher's clock (the runtime's).</summary>
/// <param name="Grant">The token as the endpoint granted it.</param>
/// <param name="SentAt">The moment on the fetcher's clock its lifetime is counted from.</param>
/// <param name="SentAtUtc">The same moment as a date, to tell where in its second the server issued it.</param>
internal readonly record struct FetchedToken(TokenGrant Grant, MonotonicDeadline SentAt, DateTimeOffset SentAtUtc);
