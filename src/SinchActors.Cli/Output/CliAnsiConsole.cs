using SinchActors.Cli.Configuration;
using Spectre.Console;

namespace SinchActors.Cli.Output;

/// <summary>Spectre.Console on the CLI's own stdout writer: colours and live updates only on a terminal.</summary>
internal static class CliAnsiConsole
{
    public static IAnsiConsole For(CliConsole console) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(console.Output),
        Ansi = console.OutputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = console.OutputIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = console.OutputIsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
    });
}
