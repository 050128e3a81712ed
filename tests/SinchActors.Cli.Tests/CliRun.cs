using System.Text;
using System.Text.Json;
using SinchActors.Cli;
using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Tests;

/// <summary>What one in-process run of the CLI printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json => JsonDocument.Parse(Output).RootElement;
}

/// <summary>Runs the CLI in-process with captured stdout/stderr and injected environment variables.</summary>
public static class CliRun
{
    private static readonly Lazy<string> EmptyDirectory = new(() => Directory.CreateTempSubdirectory("sinch-actors-cli-").FullName);

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, string[] args,
        CancellationToken interrupt = default, TextWriter? error = null, string? workingDirectory = null)
    {
        var output = new StringWriter();
        error ??= new StringWriter();
        // An empty directory unless given: a stray appsettings.json must not change what a test runs.
        var console = new CliConsole(output, error, environment, interrupt, workingDirectory: workingDirectory ?? EmptyDirectory.Value);
        var exitCode = await CliApp.RunAsync(args, console);
        return new CliResult(exitCode, output.ToString(), error.ToString() ?? "");
    }
}

/// <summary>A writer that calls back on its first write: the first progress line plays the user pressing Ctrl+C.</summary>
public sealed class CallbackWriter(Action onFirstWrite) : TextWriter
{
    private int _called;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (Interlocked.Exchange(ref _called, 1) == 0)
            onFirstWrite();
    }
}
