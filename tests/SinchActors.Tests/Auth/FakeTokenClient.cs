using System.Collections.Concurrent;
using SinchActors.Auth;

namespace SinchActors.Tests.Auth;

/// <summary>A token client whose fetches stay pending until the test completes them, one by one, in order.</summary>
internal sealed class FakeTokenClient : ITokenClient
{
    private readonly ConcurrentQueue<TaskCompletionSource<TokenGrant>> _pending = new();
    private readonly SemaphoreSlim _called = new(0);
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Fetches started and not yet completed by the test.</summary>
    public int Pending => _pending.Count;

    public Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
    {
        // Continuations run inline, so the manager's result message is queued before Succeed/Fail return.
        var fetch = new TaskCompletionSource<TokenGrant>();
        _pending.Enqueue(fetch);
        Interlocked.Increment(ref _calls); // after enqueueing: a test that saw the call can complete it
        _called.Release();
        return fetch.Task;
    }

    /// <summary>Waits for the next fetch not yet awaited this way to start.</summary>
    public async Task AwaitCallAsync(TimeSpan timeout)
    {
        if (!await _called.WaitAsync(timeout))
            throw new TimeoutException("No token fetch started in time.");
    }

    public void Succeed(string token, TimeSpan? lifetime) => Next().SetResult(new TokenGrant(token, lifetime));

    public void Fail(Exception cause) => Next().SetException(cause);

    private TaskCompletionSource<TokenGrant> Next() =>
        _pending.TryDequeue(out var fetch) ? fetch : throw new InvalidOperationException("No token fetch is pending.");
}

/// <summary>A random source pinned to one value, so jitter is predictable.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
