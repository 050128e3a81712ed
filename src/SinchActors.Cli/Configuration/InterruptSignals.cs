using System.Runtime.InteropServices;

namespace SinchActors.Cli.Configuration;

/// <summary>
/// The CLI's own handling of SIGINT (Ctrl+C) and SIGTERM, the only one in the process: the first signal cancels
/// <see cref="Token"/> (load runs stop submitting, drain what is in flight and print the partial summary), a second
/// one exits at once with <see cref="ExitCodes.Interrupted"/>. Nothing else may react: the CLI's actor system runs
/// with <c>akka.coordinated-shutdown.run-by-clr-shutdown-hook = off</c> (Akka's hook would otherwise shut the runtime
/// down on the first signal and fail every call in flight), and System.CommandLine's termination handling is off
/// (<c>ProcessTerminationTimeout = null</c>). Other registrations, such as the embedded emulator's host lifetime,
/// may observe a signal but cannot end the process: every handler here cancels the default action.
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _interrupt = new();
    private readonly TextWriter _error;
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public InterruptSignals(TextWriter error)
    {
        _error = error;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled on the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _interrupt.Token;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1)
        {
            _error.WriteLine("Stopping: draining in-flight calls (Ctrl+C again to exit at once).");
            _interrupt.Cancel();
            return;
        }
        _error.WriteLine("sinch-actors: interrupted again, exiting at once");
        Environment.Exit(ExitCodes.Interrupted);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _interrupt.Dispose();
    }
}
