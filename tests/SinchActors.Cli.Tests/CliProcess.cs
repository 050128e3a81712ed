using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace SinchActors.Cli.Tests;

/// <summary>
/// The real <c>sinch-actors</c> process (<c>dotnet exec sinch-actors.dll</c>, a foreground child of the test host)
/// with its stdout and stderr captured line by line, to which the test sends real POSIX signals.
/// </summary>
public sealed class CliProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource Seen)> _waiters = [];

    static CliProcess() => InheritDefaultSigInt();

    private CliProcess(Process process) => _process = process;

    public static CliProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sinch-actors.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.OnLine(cli._output, e.Data);
        process.ErrorDataReceived += (_, e) => cli.OnLine(cli._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    public string Output { get { lock (_waiters) return _output.ToString(); } }

    public string Error { get { lock (_waiters) return _error.ToString(); } }

    public JsonElement Json => JsonDocument.Parse(Output).RootElement;

    /// <summary>Completes when stdout or stderr has shown a line matching <paramref name="matches"/>; fails after <paramref name="deadline"/>.</summary>
    public Task WaitForLineAsync(Func<string, bool> matches, TimeSpan deadline)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            var existing = (_output + "\n" + _error).Split('\n');
            if (existing.Any(matches))
                return Task.CompletedTask;
            _waiters.Add((matches, seen));
        }
        return WithDeadline(seen.Task, deadline, "a matching line");
    }

    /// <summary>Sends a real signal (libc <c>kill</c>), as a terminal's Ctrl+C or a service manager would.</summary>
    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>The exit code, once the process has ended; fails after <paramref name="deadline"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        await WithDeadline(_process.WaitForExitAsync(), deadline, "the process to exit");
        _process.WaitForExit(); // flushes the redirected streams
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void OnLine(StringBuilder into, string? line)
    {
        if (line is null)
            return;
        lock (_waiters)
        {
            into.Append(line).Append('\n');
            foreach (var waiter in _waiters.Where(w => w.Matches(line)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private async Task WithDeadline(Task task, TimeSpan deadline, string what)
    {
        try
        {
            await task.WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No {what} within {deadline.TotalSeconds:N0} s.\nstdout:\n{Output}\nstderr:\n{Error}");
        }
    }

    /// <summary>
    /// A background job of a non-interactive shell starts with SIGINT ignored, and an ignored signal stays ignored
    /// across exec: then the child would never see the test's SIGINT. Only in that case the test host restores
    /// the default disposition before starting children (it has no SIGINT handler of its own to lose).
    /// </summary>
    private static void InheritDefaultSigInt()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
            return;
        var ignored = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (ignored is not null && (Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & (1UL << (SigInt - 1))) != 0)
            signal(SigInt, IntPtr.Zero);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern IntPtr signal(int signum, IntPtr handler);
}
