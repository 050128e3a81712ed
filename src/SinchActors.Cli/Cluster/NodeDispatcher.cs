using SinchActors.Api.AccessKeys;
using SinchActors.Cli.Load;
using SinchActors.Requests;

namespace SinchActors.Cli.Cluster;

/// <summary>
/// The load engine's client in <c>demo --nodes N</c>: each call goes to the next node, round robin, skipping nodes
/// that no longer take calls (the one about to be killed, one that ended). The engine counts every call it submits and
/// every completion exactly as in a single-process demo, so "lost" keeps its meaning across processes.
/// </summary>
internal sealed class NodeDispatcher(IReadOnlyList<NodeProcess> nodes) : ISinchClient
{
    private readonly List<(long Calls, TaskCompletionSource Reached)> _waiters = [];
    private long _next;
    private AccessKeysClient? _accessKeys;
    private SmsClient? _sms;
    private NumbersClient? _numbers;

    public AccessKeysClient AccessKeys => _accessKeys ??= new AccessKeysClient(this);

    public SmsClient Sms => _sms ??= new SmsClient(this);

    public NumbersClient Numbers => _numbers ??= new NumbersClient(this);

    /// <summary>Calls dispatched so far.</summary>
    public long Dispatched => Interlocked.Read(ref _next);

    /// <summary>Completes once <paramref name="calls"/> calls were dispatched.</summary>
    public Task DispatchedAsync(long calls)
    {
        lock (_waiters)
        {
            if (Dispatched >= calls)
                return Task.CompletedTask;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((calls, reached));
            return reached.Task;
        }
    }

    public Task<SinchResponse> SendAsync(SinchRequest request, CancellationToken cancellationToken = default)
    {
        var first = Interlocked.Increment(ref _next);
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Calls <= first).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[(int)((first + i) % nodes.Count)].TryCall(request, cancellationToken) is { } call)
                return call;
        }
        return Task.FromException<SinchResponse>(new RemoteCallException("NodeLost", "no node takes calls any more", request.ProjectId));
    }
}
