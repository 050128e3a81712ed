using System.Diagnostics;
using SinchActors.Cli.Configuration;
using SinchActors.Cli.Load;

namespace SinchActors.Cli.Cluster;

/// <summary>
/// <c>demo --nodes N --rolling-restart</c>: what a deploy does to a cluster, under load. Once the load is warm, each
/// node in turn stops taking new calls, finishes its calls in flight, leaves the cluster gracefully (its runtime
/// drains, its shards are handed off) and exits; a new process takes its place and joins through a node that serves;
/// then the next. The load runs until the last node is back (<see cref="Done"/>). Meanwhile <see cref="ManagerHomes"/>
/// follows the token managers, to count every move: the handed-off ones and those rebalanced onto the new nodes.
/// </summary>
internal sealed class RollingRestart
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once every node has restarted, or the restarts stopped: the load runs at least until then.</summary>
    public Task Done => _done.Task;

    /// <summary>Restarts every node, then follows the managers until <paramref name="loadEnded"/>.</summary>
    /// <param name="console">Where each restart is told, and the interrupt.</param>
    /// <param name="nodes">The nodes.</param>
    /// <param name="warm">Completes when the first restart may begin.</param>
    /// <param name="started">When the load started (a <see cref="Stopwatch"/> timestamp).</param>
    /// <param name="loadEnded">Cancelled once the load ended: no restart begins after it (one under way completes).</param>
    public async Task<Disruption?> RunAsync(CliConsole console, NodeSet nodes, Task warm, long started, CancellationToken loadEnded)
    {
        var homes = new ManagerHomes();
        IReadOnlyDictionary<string, int?> managersByNode = new Dictionary<string, int?>();
        var restarts = new List<NodeRestart>();
        string? failure = null;
        Task following = Task.CompletedTask;
        try
        {
            await warm.WaitAsync(loadEnded);
            managersByNode = await homes.SampleAsync(nodes.Current);
            following = homes.FollowAsync(() => nodes.Current, loadEnded);
            for (var slot = 0; slot < nodes.Current.Count && failure is null; slot++)
            {
                loadEnded.ThrowIfCancellationRequested();
                restarts.Add(await RestartAsync(console, nodes, slot, homes, started));
            }
        }
        catch (OperationCanceledException) when (loadEnded.IsCancellationRequested || console.Interrupt.IsCancellationRequested)
        {
            failure = $"the load was stopped after {restarts.Count} of {nodes.Current.Count} restarts";
        }
        catch (Exception e) when (e is TimeoutException or NodeStartException)
        {
            failure = e.Message;
        }
        finally
        {
            _done.TrySetResult(); // the load may end
        }

        await following; // until the load ends: managers rebalance onto the last node after it joined
        await homes.SampleAsync(nodes.Current);
        return new Disruption(managersByNode, homes.Moves) { Restarts = restarts, Failure = failure };
    }

    private static async Task<NodeRestart> RestartAsync(CliConsole console, NodeSet nodes, int slot, ManagerHomes homes, long started)
    {
        var leaving = nodes.Current[slot];
        leaving.StopAccepting();
        // A call still running after the timeout is cancelled by the leave, and counted as such.
        await leaving.DrainedAsync(DrainTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        await homes.SampleAsync([leaving]);
        await leaving.LeaveAsync(LeaveTimeout);
        var stoppedAt = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var fresh = await nodes.RestartAsync(slot, StartTimeout, console.Interrupt);
        var rejoinedAt = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await console.Error.WriteLineAsync($"cluster: {leaving.Name} left at {stoppedAt:F1} s and rejoined at {rejoinedAt:F1} s as {fresh.Address}");
        return new NodeRestart(leaving.Name, Math.Round(stoppedAt, 2), Math.Round(rejoinedAt, 2));
    }
}
