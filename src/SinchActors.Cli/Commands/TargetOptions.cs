using System.CommandLine;
using SinchActors.Cli.Configuration;
using SinchActors.Requests;

namespace SinchActors.Cli.Commands;

/// <summary>
/// Where real-account commands send their calls, and with which keys: the configuration (see
/// <see cref="CliSettings"/>) with <c>--projects-file</c>, <c>--auth-url</c> and <c>--api-url</c> laid over it.
/// </summary>
internal sealed class TargetOptions
{
    private readonly ConfigOptions _config = new();

    public Option<Uri?> AuthUrl { get; } = OptionParsers.Url("--auth-url", "Token endpoint of every project (default: Sinch:AuthUrl, SINCH_AUTH_URL or https://auth.sinch.com/oauth2/token)");
    public Option<Uri?> ApiUrl { get; } = OptionParsers.Url("--api-url", "Base URL of every API (default: Sinch:Requests:BaseUrls or Sinch's host of each API)");
    public Option<FileInfo?> ProjectsFile { get; } = new("--projects-file")
    {
        Description = "JSON list of {projectId, keyId, keySecret}, instead of Sinch:Projects and SINCH_PROJECT_ID, SINCH_KEY_ID, SINCH_KEY_SECRET",
        HelpName = "path",
    };

    public void AddTo(Command command)
    {
        command.Add(AuthUrl);
        command.Add(ApiUrl);
        command.Add(ProjectsFile);
        _config.AddTo(command);
    }

    /// <summary>The configuration with the flags on top.</summary>
    /// <param name="parse">The command line.</param>
    /// <param name="console">The environment and working directory.</param>
    /// <param name="single">Keep one project: <paramref name="projectId"/>, or the first configured.</param>
    /// <param name="projectId">With <paramref name="single"/>, the project to keep.</param>
    /// <exception cref="CliUsageException">No project is configured, or <paramref name="projectId"/> is not among them.</exception>
    public CliSettings Load(ParseResult parse, CliConsole console, bool single = false, string? projectId = null)
    {
        var settings = _config.Load(parse, console);
        var options = settings.Options;
        if (parse.GetValue(ProjectsFile) is { } file)
            options.Projects = ProjectCredentials.FromFile(file);
        if (options.Projects.Count == 0)
            throw new CliUsageException(ProjectCredentials.NoCredentials);
        if (single)
        {
            var keep = projectId ?? options.Projects[0].ProjectId;
            options.Projects.RemoveAll(p => p.ProjectId != keep);
            if (options.Projects.Count == 0)
                throw new CliUsageException($"project {projectId} is not among the configured credentials");
        }

        if (parse.GetValue(AuthUrl) is { } authUrl)
        {
            options.AuthUrl = authUrl.ToString();
            options.Projects.ForEach(p => p.AuthUrl = null);
        }
        if (parse.GetValue(ApiUrl) is { } apiUrl)
        {
            foreach (var family in Enum.GetValues<SinchApiFamily>())
                options.Requests.BaseUrls[family.ToString()] = apiUrl.ToString();
        }
        return settings;
    }
}
