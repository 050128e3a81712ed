using System.Diagnostics;
using SinchActors.Auth;

namespace SinchActors.Cluster.Tests;

/// <summary>
/// Every token request the nodes' runtimes make, with the node that made it and when it started and ended (monotonic
/// timestamps of this process), recorded around the real HTTP client: which node's manager fetched, not only how many.
/// </summary>
internal sealed class FetchLog
{
    private readonly List<Fetch> _fetches = [];
    private readonly List<(Func<Fetch, bool> Matches, TaskCompletionSource Seen)> _waiters = [];

    /// <summary>One token request: the node that made it, the key, and its start and end.</summary>
    public sealed record Fetch(string Node, string KeyId, long Started, long Ended);

    public IReadOnlyList<Fetch> Fetches
    {
        get
        {
            lock (_fetches)
                return _fetches.ToList();
        }
    }

    /// <summary>A token client for one node's runtime: HTTP to the token endpoint, each request recorded.</summary>
    internal ITokenClient ClientFor(string node) => new Recording(this, node,
        new TokenClient(new HttpMessageInvoker(new SocketsHttpHandler()), TimeSpan.FromSeconds(10)));

    /// <summary>Completes when a token request that <paramref name="matches"/> has ended (or already had).</summary>
    public Task Ended(Func<Fetch, bool> matches)
    {
        lock (_fetches)
        {
            if (_fetches.Any(matches))
                return Task.CompletedTask;
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((matches, seen));
            return seen.Task.WaitAsync(ClusterNodes.Deadline);
        }
    }

    private void Add(Fetch fetch)
    {
        lock (_fetches)
        {
            _fetches.Add(fetch);
            foreach (var waiter in _waiters.Where(w => w.Matches(fetch)).ToList())
            {
                waiter.Seen.SetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class Recording(FetchLog log, string node, ITokenClient inner) : ITokenClient
    {
        public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await inner.FetchAsync(credentials, cancellationToken);
            }
            finally
            {
                log.Add(new Fetch(node, credentials.KeyId, started, Stopwatch.GetTimestamp()));
            }
        }
    }
}
