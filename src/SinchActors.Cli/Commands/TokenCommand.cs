using System.CommandLine;
using System.Text.Json;
using SinchActors.Auth;
using SinchActors.Cli.Configuration;
using SinchActors.Cli.Output;

namespace SinchActors.Cli.Commands;

/// <summary><c>token</c>: exchanges the configured key for one access token and shows it masked.</summary>
internal static class TokenCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("token", "Fetch one access token and print its type, lifetime and the token masked");
        var target = new TargetOptions();
        var project = new Option<string?>("--project") { Description = "Which configured project (default: the first)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        target.AddTo(command);
        command.Add(project);
        command.Add(json);

        command.SetAction((parse, _) => CommandRunner.RunAsync(console, async () =>
        {
            var settings = target.Load(parse, console, single: true, parse.GetValue(project));
            var config = settings.ActorSystemConfig();
            var credentials = settings.ValidatedProjects(config)[0];
            var fetchTimeout = TokenManagerSettings.FromConfig(config.GetConfig("sinch-actors.auth")).FetchTimeout;
            using var http = new HttpMessageInvoker(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
            var grant = await new TokenClient(http, fetchTimeout).FetchAsync(credentials, console.Interrupt);

            // The token client accepts only bearer tokens, so that is what was granted; a lifetime is shown as announced.
            var info = new TokenInfo(credentials.ProjectId, credentials.KeyId, "bearer", grant.Lifetime?.TotalSeconds, Secrets.Mask(grant.AccessToken));
            if (parse.GetValue(json))
            {
                await console.Output.WriteLineAsync(JsonSerializer.Serialize(info, CliJsonContext.Default.TokenInfo));
                return ExitCodes.Success;
            }
            await console.Output.WriteLineAsync($"""
                project    {info.ProjectId}
                key        {info.KeyId}
                endpoint   {credentials.AuthUrl}
                type       {info.TokenType}
                lifetime   {(info.ExpiresInSeconds is { } seconds ? $"{seconds:N0} s" : "not announced")}
                token      {info.AccessToken}
                """);
            return ExitCodes.Success;
        }));
        return command;
    }
}
