using System.Net;
using SinchActors.Cli.Load;
using SinchActors.Requests;

namespace SinchActors.Cli.Cluster;

/// <summary>The calls and queries a node is sent, each held until its answer comes back or the node ends.</summary>
internal sealed partial class NodeProcess
{
    private static readonly TimeSpan ManagersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Sends one call; null when the node no longer takes new calls.</summary>
    public Task<SinchResponse>? TryCall(SinchRequest request, CancellationToken cancel)
    {
        var id = Interlocked.Increment(ref _nextId);
        var result = new TaskCompletionSource<NodeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!_accepting)
                return null;
            _callsInFlight++;
            _pending[id] = result;
        }
        Send(new NodeCommand("call", id) { Call = NodeCall.From(request) });
        return AwaitCallAsync(id, request.ProjectId, result.Task, cancel);
    }

    /// <summary>The access keys whose managers this node hosts; null when it did not answer.</summary>
    public async Task<IReadOnlyList<string>?> ManagersAsync()
    {
        // The node answers within its own ask timeout; a node busy leaving reads no more queries until it exits.
        var id = Interlocked.Increment(ref _nextId);
        var result = new TaskCompletionSource<NodeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_ended)
                return null;
            _pending[id] = result;
        }
        Send(new NodeCommand("managers", id));
        try
        {
            return (await result.Task.WaitAsync(ManagersTimeout)).Managers;
        }
        catch (NodeStartException)
        {
            return null; // the node ended meanwhile
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(id, out _);
            return null;
        }
    }

    /// <summary>No new calls from now on; the ones in flight finish.</summary>
    public void StopAccepting()
    {
        lock (_gate)
        {
            _accepting = false;
            if (_callsInFlight == 0)
                _drained.TrySetResult();
        }
    }

    /// <summary>Completes when, after <see cref="StopAccepting"/>, no call is in flight any more.</summary>
    public Task DrainedAsync(TimeSpan timeout) => _drained.Task.WaitAsync(timeout);

    private async Task<SinchResponse> AwaitCallAsync(long id, string projectId, Task<NodeEvent> result, CancellationToken cancel)
    {
        await using var cancellation = cancel.Register(() => Send(new NodeCommand("cancel", id)));
        NodeEvent answer;
        try
        {
            answer = await result;
        }
        catch (NodeStartException)
        {
            Ended(failed: true);
            throw new RemoteCallException("NodeLost", $"{Name} ended with the call in flight", projectId);
        }
        Ended(failed: answer.Failure is not null);
        if (answer.Cancelled)
            throw new OperationCanceledException(cancel);
        if (answer.Failure is { } failure)
            throw failure.ToException();
        var response = answer.Response!;
        return new SinchResponse((HttpStatusCode)response.StatusCode, null, response.Body, response.Attempts);
    }

    private void Ended(bool failed)
    {
        Interlocked.Increment(ref _calls);
        if (failed)
            Interlocked.Increment(ref _failed);
        lock (_gate)
        {
            if (--_callsInFlight == 0 && !_accepting)
                _drained.TrySetResult();
        }
    }
}
