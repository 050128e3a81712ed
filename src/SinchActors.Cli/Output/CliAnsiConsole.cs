using SinchActors.Cli.Configuration;
using Spectre.Console;

namespace SinchActors.Cli.Output;

/// <summary>Spectre.Console on the CLI's own stdout writer: colours and live updates only on a terminal.</summary>
internal static class CliAnsiConsole
{
    // Redirected output has no width; 80 columns would wrap key IDs and timestamps mid-value.
    private const int RedirectedWidth = 160;

    public static IAnsiConsole For(CliConsole console)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Output),
            Ansi = console.OutputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = console.OutputIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = console.OutputIsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!console.OutputIsTerminal)
            ansi.Profile.Width = RedirectedWidth;
        return ansi;
    }
}
