using SinchActors.Requests;

namespace SinchActors.Tests.Projects;

/// <summary>A steady load: <c>concurrency</c> loops sending the same request until stopped, counting outcomes.</summary>
internal sealed class Load : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private readonly System.Collections.Concurrent.ConcurrentQueue<Exception> _failures = new();
    private long _succeeded;

    public Load(ISinchClient client, SinchRequest request, int concurrency)
    {
        _loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await client.SendAsync(request);
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

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
