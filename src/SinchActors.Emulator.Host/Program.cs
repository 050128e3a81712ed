using System.Runtime.InteropServices;
using SinchActors.Emulator;
using SinchActors.Emulator.Cli;

CommandLine commandLine;
try
{
    commandLine = CommandLine.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
if (commandLine.ShowHelp)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

var demo = commandLine.Projects.Count == 0;
IReadOnlyList<SeededKey> projects = demo ? [new SeededKey("demo-project", "demo-key", "demo-secret", "demo-key")] : commandLine.Projects;

await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
{
    Port = commandLine.Port,
    TokenLifetime = TimeSpan.FromSeconds(commandLine.TokenTtlSeconds),
    WholeSecondTokens = commandLine.WholeSecondTokens,
});
foreach (var key in projects) emulator.SeedKey(key.ProjectId, key.KeyId, key.Secret, key.DisplayName);

var baseUrl = emulator.BaseUrl;
Console.WriteLine($$"""
    Sinch emulator listening on {{baseUrl}}
      Token URL    {{emulator.TokenUrl}}
      Access Keys  {{baseUrl}}v1/projects/{projectId}/accessKeys
      SMS batches  {{baseUrl}}xms/v1/{projectId}/batches
      Faults       {{baseUrl}}_emulator/faults
      Stats        {{baseUrl}}_emulator/stats
    Token lifetime {{commandLine.TokenTtlSeconds}} s{{(commandLine.WholeSecondTokens ? " from the issuing second, rounded down" : "")}}
    Seeded projects:
    """);
foreach (var key in projects) Console.WriteLine($"  {key.ProjectId}  key {key.KeyId}  secret {Mask(key.Secret)}");

var first = projects[0];
var secret = demo ? first.Secret : "<secret>";
Console.WriteLine($"""
    Try:
      TOKEN=$(curl -s -u {first.KeyId}:{secret} -d grant_type=client_credentials {emulator.TokenUrl} | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
      curl -s -H "Authorization: Bearer $TOKEN" {baseUrl}v1/projects/{first.ProjectId}/accessKeys
    Press Ctrl+C to stop.
    """);
if (demo) Console.WriteLine("(The demo key's secret is the fixed, public value 'demo-secret'.)");

var stop = new TaskCompletionSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
await stop.Task;
Console.WriteLine("Stopping.");
return 0;

void Stop(PosixSignalContext context)
{
    // Shut down ourselves, through the awaited dispose, instead of letting the runtime kill the process.
    context.Cancel = true;
    stop.TrySetResult();
}

static string Mask(string secret) => secret.Length <= 4 ? "****" : $"{secret[..2]}{new string('*', secret.Length - 4)}{secret[^2..]}";
