using System.Collections;
using SinchActors.Cli;
using SinchActors.Cli.Configuration;

// The CLI owns SIGINT and SIGTERM: the first stops submitting, drains in-flight calls and prints the partial
// summary (exit code 130); a second exits at once.
using var signals = new InterruptSignals(Console.Error);

var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
return await CliApp.RunAsync(args, new CliConsole(Console.Out, Console.Error, environment, signals.Token,
    outputIsTerminal: !Console.IsOutputRedirected));
