using SinchActors.Requests;

namespace SinchActors.Cluster.Tests;

/// <summary>A closed-loop load on one node: <c>concurrency</c> loops sending calls round the given projects until stopped.</summary>
internal sealed class Load : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private readonly System.Collections.Concurrent.ConcurrentQueue<Exception> _failures = new();
    private long _succeeded;

    /// <param name="deadline">Each call's deadline; the runtime's default when null.</param>
    public Load(ISinchClient client, IReadOnlyList<string> projectIds, int concurrency, TimeSpan? deadline = null)
    {
        _loops = Enumerable.Range(0, concurrency).Select(loop => Task.Run(async () =>
        {
            for (var i = loop; !_stop.IsCancellationRequested; i++)
            {
                var projectId = projectIds[i % projectIds.Count];
                try
                {
                    await client.SendAsync(new SinchRequest(HttpMethod.Get, projectId, SinchApiFamily.AccessKeys, $"/v1/projects/{projectId}/accessKeys")
                        { Deadline = deadline });
                    Interlocked.Increment(ref _succeeded);
                }
                catch (Exception e)
                {
                    _failures.Enqueue(e);
                }
            }
        })).ToArray();
    }

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public IReadOnlyCollection<Exception> Failures => _failures;

    /// <summary>Completes once <paramref name="calls"/> calls succeeded (or throws at the deadline).</summary>
    public Task SucceededAtLeastAsync(long calls) => Eventually.Holds(() => Succeeded >= calls,
        () => $"{Succeeded} of {calls} calls succeeded within {ClusterNodes.Deadline}; {Failures.Count} failed, first: {Failures.FirstOrDefault()}");

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
