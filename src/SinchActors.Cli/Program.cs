using SinchActors.Cli;
using SinchActors.Cli.Configuration;

// The first Ctrl+C stops submitting, drains in-flight calls and prints the partial summary; a second one kills.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (interrupt.IsCancellationRequested)
        return;
    e.Cancel = true;
    interrupt.Cancel();
    Console.Error.WriteLine("Stopping: draining in-flight calls (Ctrl+C again to kill).");
};

return await CliApp.RunAsync(args, new CliConsole(Console.Out, Console.Error, Environment.GetEnvironmentVariable, interrupt.Token,
    outputIsTerminal: !Console.IsOutputRedirected));
