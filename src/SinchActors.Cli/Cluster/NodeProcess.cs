using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Cluster;

/// <summary>
/// The coordinator's handle on one <c>cluster-node</c> child: it writes <see cref="NodeCommand"/>s to the child's
/// stdin, reads <see cref="NodeEvent"/>s from its stdout, keeps the last lines of its stderr for error messages, and
/// holds every call sent to it until its result comes back. A call whose node ends first fails as <c>NodeLost</c>
/// (an unexpected failure): no call is ever dropped. Once <see cref="StopAccepting"/> is called, new calls are
/// refused (the dispatcher sends them elsewhere) and <see cref="DrainedAsync"/> completes when the last one ended;
/// then the node can be killed (<see cref="Kill"/>) or told to leave the cluster (<see cref="LeaveAsync"/>).
/// </summary>
internal sealed partial class NodeProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Channel<string> _commands = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, TaskCompletionSource<NodeEvent>> _pending = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<NodeEvent> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reader;
    private readonly Task _writer;
    private readonly object _gate = new();
    private bool _accepting = true;
    private bool _ended;
    private int _callsInFlight;
    private long _nextId;
    private long _calls;
    private long _failed;

    private NodeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            _stderr.Enqueue(e.Data);
            while (_stderr.Count > 20)
                _stderr.TryDequeue(out string? _);
        };
        _process.BeginErrorReadLine();
        _reader = ReadEventsAsync();
        _writer = WriteCommandsAsync();
    }

    /// <summary><c>node-1</c>, <c>node-2</c>, …</summary>
    public string Name { get; }

    /// <summary>Its cluster address, once it is ready.</summary>
    public string? Address { get; private set; }

    /// <summary>Whether its remoting runs TLS, as it said when ready.</summary>
    public bool Tls { get; private set; }

    /// <summary>Whether it takes new calls (see <see cref="StopAccepting"/>).</summary>
    public bool Accepting
    {
        get
        {
            lock (_gate)
                return _accepting;
        }
    }

    /// <summary>Hard-killed by the demo.</summary>
    public bool Killed { get; private set; }

    /// <summary>Calls it completed (answered, failed or lost).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Of those, the failed ones.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Starts the child: this executable again, with the hidden <c>cluster-node</c> command.</summary>
    /// <param name="name">The node's name.</param>
    /// <param name="arguments">The <c>--config</c>/<c>--hocon</c> options to pass on.</param>
    /// <param name="console">The environment and working directory the child inherits.</param>
    public static NodeProcess Start(string name, IEnumerable<string> arguments, CliConsole console)
    {
        var (fileName, prefix) = SelfCommand();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = console.WorkingDirectory,
        };
        foreach (var argument in prefix.Append(ClusterNode.CommandName).Concat(arguments))
            start.ArgumentList.Add(argument);
        foreach (var (variable, value) in console.Environment)
            start.Environment[variable] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} could not be started ({fileName})");
        return new NodeProcess(name, process);
    }

    /// <summary>
    /// How to run this CLI again: its own executable (the apphost), or <c>dotnet exec</c> with its assembly when it
    /// runs under the <c>dotnet</c> host (<c>dotnet sinch-actors.dll</c>, a test host).
    /// </summary>
    internal static (string FileName, string[] Prefix) SelfCommand()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var assembly = typeof(NodeProcess).Assembly.Location;
        if (assembly.Length == 0 || Path.GetFileNameWithoutExtension(process) == Path.GetFileNameWithoutExtension(assembly))
            return (process, []); // the apphost, or a single-file build
        var dotnet = Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet";
        return (dotnet, ["exec", assembly]);
    }

    /// <summary>Sends the start command and waits until the node joined the cluster and serves.</summary>
    /// <exception cref="NodeStartException">The node ended, or did not get ready within <paramref name="timeout"/>.</exception>
    public async Task StartAsync(NodeStart start, TimeSpan timeout, CancellationToken cancel)
    {
        Send(new NodeCommand("start") { Start = start });
        try
        {
            var ready = await _ready.Task.WaitAsync(timeout, cancel);
            (Address, Tls) = (ready.Address ?? "", ready.Tls);
        }
        catch (TimeoutException)
        {
            throw new NodeStartException($"{Name} did not join the cluster within {timeout.TotalSeconds:N0} s{StderrTail()}");
        }
        catch (NodeStartException e)
        {
            throw new NodeStartException($"{e.Message}{StderrTail()}");
        }
    }

    /// <summary>
    /// Tells the node to leave the cluster (its runtime drains, its shards are handed off, it leaves) and waits until
    /// it has exited. Call after <see cref="DrainedAsync"/>: a call still in flight would be cancelled.
    /// </summary>
    /// <exception cref="TimeoutException">It had not exited within <paramref name="timeout"/>; it is killed.</exception>
    public async Task LeaveAsync(TimeSpan timeout)
    {
        Send(new NodeCommand("leave"));
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not leave the cluster within {timeout.TotalSeconds:N0} s and was killed{StderrTail()}");
        }
        await _reader;
    }

    /// <summary>Kills the process at once (no leave, no drain), as a crash would.</summary>
    public void Kill()
    {
        Killed = true;
        StopAccepting();
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had ended already.
        }
    }

    private void Send(NodeCommand command) => _commands.Writer.TryWrite(NodeProtocolJsonContext.Line(command));

    private async Task WriteCommandsAsync()
    {
        var input = _process.StandardInput;
        try
        {
            while (await _commands.Reader.WaitToReadAsync())
            {
                while (_commands.Reader.TryRead(out var line))
                    await input.WriteLineAsync(line);
                await input.FlushAsync();
            }
        }
        catch (IOException)
        {
            // The node ended; its reader fails what is pending.
        }
        finally
        {
            input.Close(); // end of stdin: the node stops
        }
    }

    private async Task ReadEventsAsync()
    {
        var output = _process.StandardOutput;
        while (await output.ReadLineAsync() is { } line)
        {
            NodeEvent? e;
            try
            {
                e = JsonSerializer.Deserialize(line, NodeProtocolJsonContext.Default.NodeEvent);
            }
            catch (JsonException)
            {
                _stderr.Enqueue(line); // not the protocol: show it with the errors
                continue;
            }
            if (e?.Type == "ready")
                _ready.TrySetResult(e);
            else if (e is not null && _pending.TryRemove(e.Id, out var waiting))
                waiting.TrySetResult(e);
        }

        // The node ended (exit, crash, kill): nothing more will come, and nothing new is sent to it.
        lock (_gate)
        {
            _ended = true;
            _accepting = false;
            if (_callsInFlight == 0)
                _drained.TrySetResult();
        }
        var ended = new NodeStartException($"{Name} ended");
        _ready.TrySetException(ended);
        foreach (var id in _pending.Keys)
            if (_pending.TryRemove(id, out var waiting))
                waiting.TrySetException(ended);
        _commands.Writer.TryComplete();
    }

    private string StderrTail() => _stderr.IsEmpty ? "" : $"; its last output: {string.Join(" | ", _stderr)}";

    /// <summary>Closes the node's stdin (it leaves the cluster and exits); kills it if it has not ended in time.</summary>
    public async ValueTask DisposeAsync()
    {
        _commands.Writer.TryComplete();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(ExitGrace);
        }
        catch (TimeoutException)
        {
            Kill();
        }
        await _writer;
        await _reader;
        _process.Dispose();
    }
}

/// <summary>A node of <c>demo --nodes N</c> did not start, or ended.</summary>
internal sealed class NodeStartException(string message) : Exception(message);
