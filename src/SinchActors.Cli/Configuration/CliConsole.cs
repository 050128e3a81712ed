namespace SinchActors.Cli.Configuration;

/// <summary>
/// Everything the commands take from the process: the output streams, whether stdout is a terminal, environment
/// variables and the Ctrl+C signal. Injected so the whole CLI runs in-process in tests with captured output.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken interrupt,
        bool outputIsTerminal = false)
    {
        Output = output;
        Error = error;
        Environment = environment;
        Interrupt = interrupt;
        OutputIsTerminal = outputIsTerminal;
    }

    /// <summary>Results: the summary, tables, the JSON object.</summary>
    public TextWriter Output { get; }

    /// <summary>Errors, and progress when stdout carries JSON.</summary>
    public TextWriter Error { get; }

    /// <summary>Reads an environment variable; null when unset.</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>Cancelled on the first Ctrl+C: load runs stop submitting, drain what is in flight and report.</summary>
    public CancellationToken Interrupt { get; }

    /// <summary>Whether stdout is an interactive terminal (live progress and colours) rather than a pipe or file.</summary>
    public bool OutputIsTerminal { get; }
}
