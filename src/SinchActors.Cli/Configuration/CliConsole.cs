namespace SinchActors.Cli.Configuration;

/// <summary>
/// Everything the commands take from the process: the output streams, whether stdout is a terminal, the environment
/// variables, the working directory and the interrupt signal. Injected so the whole CLI runs in-process in tests
/// with captured output.
/// </summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string> environment,
    CancellationToken interrupt, bool outputIsTerminal = false, string? workingDirectory = null)
{
    /// <summary>Results: the summary, tables, the JSON object.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Errors, the verdict of a failed run, and progress when stdout carries JSON.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>The environment variables (<c>SINCH_*</c>, <c>Sinch__…</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; } = environment;

    /// <summary>Where <c>appsettings.json</c> is looked for.</summary>
    public string WorkingDirectory { get; } = workingDirectory ?? System.Environment.CurrentDirectory;

    /// <summary>Cancelled on the first SIGINT/SIGTERM: load runs stop submitting, drain what is in flight and report.</summary>
    public CancellationToken Interrupt { get; } = interrupt;

    /// <summary>Whether stdout is an interactive terminal (live progress and colours) rather than a pipe or file.</summary>
    public bool OutputIsTerminal { get; } = outputIsTerminal;
}
