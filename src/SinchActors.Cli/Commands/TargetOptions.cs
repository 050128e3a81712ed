using System.CommandLine;
using SinchActors.Auth;
using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Commands;

/// <summary>Where real-account commands send their calls, and with which keys.</summary>
internal sealed class TargetOptions
{
    public Option<Uri?> AuthUrl { get; } = OptionParsers.Url("--auth-url", "Token endpoint (default https://auth.sinch.com/oauth2/token)");
    public Option<Uri?> ApiUrl { get; } = OptionParsers.Url("--api-url", "Base URL of every API (default: Sinch's host of each API)");
    public Option<FileInfo?> ProjectsFile { get; } = new("--projects-file")
    {
        Description = "JSON list of {projectId, keyId, keySecret}; default: SINCH_PROJECT_ID, SINCH_KEY_ID, SINCH_KEY_SECRET",
        HelpName = "path",
    };

    public void AddTo(Command command)
    {
        command.Add(AuthUrl);
        command.Add(ApiUrl);
        command.Add(ProjectsFile);
    }

    public IReadOnlyList<SinchCredentials> LoadCredentials(ParseResult parse, CliConsole console) =>
        ProjectCredentials.Load(parse.GetValue(ProjectsFile), parse.GetValue(AuthUrl) ?? SinchAuthority.Global, console.Environment);

    /// <summary>The credentials of <c>--project</c>, or the only/first configured project.</summary>
    public static SinchCredentials Select(IReadOnlyList<SinchCredentials> credentials, string? projectId) =>
        projectId is null ? credentials[0]
            : credentials.FirstOrDefault(c => c.ProjectId == projectId)
              ?? throw new CliUsageException($"project {projectId} is not among the configured credentials");
}
