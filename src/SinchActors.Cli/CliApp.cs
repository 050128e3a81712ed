using System.CommandLine;
using SinchActors.Cli.Commands;
using SinchActors.Cli.Configuration;

namespace SinchActors.Cli;

/// <summary>
/// The <c>sinch-actors</c> command line, runnable in-process: every command writes to the given
/// <see cref="CliConsole"/> and returns its exit code.
/// </summary>
internal static class CliApp
{
    public static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand("""
            sinch-actors: the SinchActors runtime from the command line. With no command it runs the demo: many projects
            (some sharing a key) against the embedded Sinch emulator with faults and short-lived tokens.

            Configuration: the same as a hosted SinchActors app. The Sinch section of ./appsettings.json (or --config
            FILE), environment variables (Sinch__Requests__MaxRetries=5, SINCH_PROJECT_ID, SINCH_KEY_ID, SINCH_KEY_SECRET,
            SINCH_AUTH_URL) and HOCON (--hocon FILE, sinch-actors.* and akka.*) set the runtime's retries, timeouts,
            limits and projects; command-line flags win over all of them.
            """);
        DemoCommand.Configure(root, console);
        root.Add(DemoCommand.Create(console));
        root.Add(RunCommand.Create(console));
        root.Add(TokenCommand.Create(console));
        root.Add(AccessKeysCommand.Create(console));
        root.Add(ClusterNodeCommand.Create(console));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        var parse = CreateRootCommand(console).Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            // One line, not the help page: scripts see exit code 2 and a message that names the problem.
            await console.Error.WriteLineAsync($"sinch-actors: {FirstError(parse)} (see 'sinch-actors --help')");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = console.Output,
            Error = console.Error,
            // Ctrl+C is the CLI's own: it drains in-flight calls and prints the partial summary.
            ProcessTerminationTimeout = null,
        });
    }

    /// <summary>The most telling parse error on one line: an unknown word first, since it usually causes the others.</summary>
    private static string FirstError(ParseResult parse)
    {
        var message = parse.UnmatchedTokens.Count > 0
            ? $"unrecognized argument '{parse.UnmatchedTokens[0]}'"
            : parse.Errors[0].Message;
        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
