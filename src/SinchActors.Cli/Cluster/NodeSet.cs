using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Cluster;

/// <summary>
/// The N nodes of <c>demo --nodes N</c>: one slot per node (<c>node-1</c> … <c>node-N</c>) holding its current
/// process, and every process a slot ever had, so that a restarted node's calls still count and no process outlives
/// the demo. <see cref="Current"/> is what the dispatcher sends calls to; a restart swaps the slot's process once the
/// new one serves.
/// </summary>
internal sealed class NodeSet : IAsyncDisposable
{
    private readonly NodeProcess[] _current;
    private readonly List<NodeProcess> _all = [];
    private readonly IReadOnlyList<string> _arguments;
    private readonly CliConsole _console;
    private readonly NodeStart _start;

    /// <param name="count">Nodes.</param>
    /// <param name="arguments">Options every node gets (<c>--config</c>, <c>--hocon</c>).</param>
    /// <param name="console">The environment the nodes inherit.</param>
    /// <param name="start">What every node serves (its seed is set here).</param>
    public NodeSet(int count, IReadOnlyList<string> arguments, CliConsole console, NodeStart start)
    {
        _current = new NodeProcess[count];
        _arguments = arguments;
        _console = console;
        _start = start;
    }

    /// <summary>The current process of each slot.</summary>
    public IReadOnlyList<NodeProcess> Current => _current;

    /// <summary>Every process the slots had, in start order.</summary>
    public IReadOnlyList<NodeProcess> All
    {
        get
        {
            lock (_all)
                return _all.ToList();
        }
    }

    /// <summary>Starts node-1 (it forms the cluster), then the others joining it; each must be up within <paramref name="timeout"/>.</summary>
    /// <exception cref="NodeStartException">A node ended, or did not join in time.</exception>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancel)
    {
        _current[0] = Launch("node-1");
        await _current[0].StartAsync(_start, timeout, cancel);
        for (var i = 1; i < _current.Length; i++)
            _current[i] = Launch($"node-{i + 1}");
        var joining = _start with { Seed = _current[0].Address };
        await Task.WhenAll(_current.Skip(1).Select(node => node.StartAsync(joining, timeout, cancel)));
    }

    /// <summary>
    /// Starts a new process for the slot of a node that has left, joining through a node that serves, and puts it in
    /// the slot once it is up.
    /// </summary>
    /// <exception cref="NodeStartException">It ended, or did not join in time.</exception>
    public async Task<NodeProcess> RestartAsync(int slot, TimeSpan timeout, CancellationToken cancel)
    {
        var seed = _current.First(node => node.Accepting).Address;
        var fresh = Launch(_current[slot].Name);
        await fresh.StartAsync(_start with { Seed = seed }, timeout, cancel);
        Volatile.Write(ref _current[slot], fresh);
        return fresh;
    }

    private NodeProcess Launch(string name)
    {
        var node = NodeProcess.Start(name, _arguments, _console);
        lock (_all)
            _all.Add(node);
        return node;
    }

    /// <summary>Ends every process (see <see cref="NodeProcess.DisposeAsync"/>).</summary>
    public async ValueTask DisposeAsync() => await Task.WhenAll(All.Select(node => node.DisposeAsync().AsTask()));
}
