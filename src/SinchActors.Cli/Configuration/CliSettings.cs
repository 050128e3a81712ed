using System.CommandLine;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;
using SinchActors.Auth;
using SinchActors.Hosting;
using SinchActors.Configuration;

namespace SinchActors.Cli.Configuration;

/// <summary>
/// The runtime configuration of a command, from the same sources as a hosted SinchActors app: the <c>Sinch</c>
/// section of <c>appsettings.json</c> in the working directory (or <c>--config FILE</c>), environment variables
/// (<c>Sinch__Requests__MaxRetries</c>, <c>SINCH_PROJECT_ID</c>…) and HOCON (<c>--hocon FILE</c>), bound to the
/// same <see cref="SinchActorsOptions"/>. Command-line flags are laid over the options by each command.
/// </summary>
internal sealed class CliSettings
{
    /// <summary>Forced for every command: the CLI owns SIGINT/SIGTERM (see <see cref="InterruptSignals"/>).</summary>
    private static readonly Config Forced = ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-clr-shutdown-hook = off");

    // Akka logs to stdout by default; the CLI's stdout carries results (and JSON), so the runtime stays silent unless
    // the user's HOCON says otherwise.
    private static readonly Config Quiet = ConfigurationFactory.ParseString("""
        akka {
          loglevel = OFF
          stdout-loglevel = OFF
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          log-config-on-start = off
        }
        """);

    private CliSettings(SinchActorsOptions options, Config hocon)
    {
        Options = options;
        Hocon = hocon;
    }

    /// <summary>The options from appsettings and the environment, with the flags laid over them by the command.</summary>
    public SinchActorsOptions Options { get; }

    /// <summary>The user's HOCON (<c>--hocon</c>), empty when none.</summary>
    public Config Hocon { get; }

    /// <summary>
    /// The actor system's configuration. Precedence as in a hosted app, plus the CLI's own layers: the forced
    /// settings, then <see cref="Options"/> (flags, then appsettings and environment), then the user's HOCON, then
    /// <paramref name="commandDefaults"/> and the CLI's quiet logging, then the reference configuration.
    /// </summary>
    public Config ActorSystemConfig(Config? commandDefaults = null) =>
        SinchActorsConfig.WithReferenceFallback(Forced.WithFallback(Options.ToConfig()).WithFallback(Hocon)
            .WithFallback(commandDefaults ?? Config.Empty).WithFallback(Quiet));

    /// <summary>The configured projects as credentials, once the options and the settings they give are valid.</summary>
    /// <param name="actorSystemConfig">From <see cref="ActorSystemConfig"/>.</param>
    /// <exception cref="CliUsageException">The configuration is invalid; the message names every key at fault.</exception>
    public IReadOnlyList<SinchCredentials> ValidatedProjects(Config actorSystemConfig)
    {
        if (Options.Validate(actorSystemConfig) is { Count: > 0 } problems)
            throw new CliUsageException($"invalid configuration: {string.Join(" ", problems)}");
        return Options.Projects.Select(p => p.ToCredentials(Options.AuthUrl)).ToList();
    }

    /// <exception cref="CliUsageException">A file is missing or unreadable, or a value cannot be bound.</exception>
    public static CliSettings Load(FileInfo? configFile, FileInfo? hoconFile, CliConsole console)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
            builder.AddJsonFile(Existing(configFile, "--config").FullName, optional: false);
        else
            builder.AddJsonFile(Path.Combine(console.WorkingDirectory, "appsettings.json"), optional: true);
        // As the host's environment provider does: '__' separates sections (Sinch__Requests__MaxRetries).
        builder.AddInMemoryCollection(console.Environment.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)));

        var options = new SinchActorsOptions();
        try
        {
            var configuration = builder.Build();
            configuration.GetSection(SinchActorsOptions.SectionName).Bind(options);
            options.AddProjectFromEnvironment(name => configuration[name]);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException or IOException)
        {
            // The binder names the key and the type; secrets are strings, so they never fail to convert.
            throw new CliUsageException($"cannot read the configuration ({configFile?.Name ?? "appsettings.json"}, environment): {OneLine(e)}");
        }
        return new CliSettings(options, hoconFile is null ? Config.Empty : ReadHocon(Existing(hoconFile, "--hocon")));
    }

    private static Config ReadHocon(FileInfo file)
    {
        try
        {
            return ConfigurationFactory.ParseString(File.ReadAllText(file.FullName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConfigurationException or FormatException)
        {
            throw new CliUsageException($"cannot read --hocon {file.Name}: {OneLine(e)}");
        }
    }

    private static FileInfo Existing(FileInfo file, string option) =>
        file.Exists ? file : throw new CliUsageException($"{option} {file.FullName} does not exist");

    private static string OneLine(Exception e) =>
        string.Join(' ', (e.InnerException?.Message ?? e.Message).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>The options every command has for the runtime's configuration: <c>--config</c> and <c>--hocon</c>.</summary>
internal sealed class ConfigOptions
{
    public Option<FileInfo?> ConfigFile { get; } = new("--config")
    {
        Description = "appsettings-style JSON with a Sinch section, instead of ./appsettings.json (Sinch__… environment variables still apply)",
        HelpName = "file",
    };

    public Option<FileInfo?> HoconFile { get; } = new("--hocon")
    {
        Description = "HOCON for the runtime's actor system (sinch-actors.*, akka.*), under appsettings, environment and flags",
        HelpName = "file",
    };

    public void AddTo(Command command)
    {
        command.Add(ConfigFile);
        command.Add(HoconFile);
    }

    /// <summary>The options as given, with full paths: for a child process that loads the same configuration.</summary>
    public IReadOnlyList<string> Arguments(ParseResult parse)
    {
        var arguments = new List<string>();
        if (parse.GetValue(ConfigFile) is { } config)
            arguments.AddRange(["--config", config.FullName]);
        if (parse.GetValue(HoconFile) is { } hocon)
            arguments.AddRange(["--hocon", hocon.FullName]);
        return arguments;
    }

    public CliSettings Load(ParseResult parse, CliConsole console) =>
        CliSettings.Load(parse.GetValue(ConfigFile), parse.GetValue(HoconFile), console);
}
