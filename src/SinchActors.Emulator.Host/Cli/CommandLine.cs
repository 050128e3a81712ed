using System.Globalization;

namespace SinchActors.Emulator.Cli;

/// <summary>The standalone program's arguments. Parsing is hand-written: four options do not justify a parser dependency.</summary>
internal sealed record CommandLine(int Port, int TokenTtlSeconds, IReadOnlyList<SeededKey> Projects, bool ShowHelp, bool WholeSecondTokens = false)
{
    public const string Usage = """
        Usage: SinchActors.Emulator.Host [--port N] [--token-ttl SECONDS] [--whole-second-tokens] [--project PROJECT:KEY:SECRET]...

          --port N                      Port on 127.0.0.1 (default 8080; 0 = any free port)
          --token-ttl SECONDS           Access token lifetime (default 3600)
          --whole-second-tokens         Start each token's lifetime at the second it is issued in, rounded down
                                        (exp = iat + lifetime, as most OAuth2 servers do): up to 1 s shorter
          --project PROJECT:KEY:SECRET  Seed a project with one access key (repeatable).
                                        Without it, seeds demo-project with demo-key:demo-secret.
          --help                        Show this help

        Routes: POST /oauth2/token, /v1/projects/{projectId}/accessKeys[/{id}],
                /xms/v1/{projectId}/batches[/{id}], /_emulator/faults, /_emulator/stats
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> with a message fit for the user.</summary>
    public static CommandLine Parse(string[] args)
    {
        var port = 8080;
        var ttl = 3600;
        var wholeSeconds = false;
        var projects = new List<SeededKey>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    return new CommandLine(port, ttl, projects, ShowHelp: true);
                case "--port":
                    port = ParseInt(args, ++i, "--port", min: 0, max: 65535);
                    break;
                case "--token-ttl":
                    ttl = ParseInt(args, ++i, "--token-ttl", min: 1, max: int.MaxValue);
                    break;
                case "--whole-second-tokens":
                    wholeSeconds = true;
                    break;
                case "--project":
                    projects.Add(ParseProject(Value(args, ++i, "--project")));
                    break;
                default:
                    throw new FormatException($"Unknown argument '{args[i]}'.");
            }
        }
        return new CommandLine(port, ttl, projects, ShowHelp: false, wholeSeconds);
    }

    private static SeededKey ParseProject(string value)
    {
        var parts = value.Split(':', 3);
        if (parts.Length != 3 || Array.Exists(parts, string.IsNullOrWhiteSpace))
            throw new FormatException($"--project expects PROJECT:KEY:SECRET, got '{value}'.");
        return new SeededKey(parts[0], parts[1], parts[2], parts[1]);
    }

    private static int ParseInt(string[] args, int index, string name, int min, int max)
    {
        var text = Value(args, index, name);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new FormatException($"{name} expects a whole number from {min} to {max}, got '{text}'.");
        return value;
    }

    private static string Value(string[] args, int index, string name) =>
        index < args.Length ? args[index] : throw new FormatException($"{name} needs a value.");
}
