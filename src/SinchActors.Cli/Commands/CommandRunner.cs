using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Commands;

/// <summary>Turns what a command throws into one line on stderr and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (CliUsageException e)
        {
            await console.Error.WriteLineAsync($"sinch-actors: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (SinchException e)
        {
            // Library messages never contain secrets or tokens.
            await console.Error.WriteLineAsync($"sinch-actors: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (console.Interrupt.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("sinch-actors: interrupted");
            return ExitCodes.Interrupted;
        }
    }
}
