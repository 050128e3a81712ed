using Akka.Configuration;
using SinchActors.Configuration;
using SinchActors.Auth;
using SinchActors.Projects;
using SinchActors.Requests;

namespace SinchActors.Hosting;

/// <summary>
/// Finds every problem in a set of options and in the settings they produce, each naming its key as the user wrote
/// it: <c>Sinch:Projects:0:KeySecret</c>, <c>SINCH_KEY_SECRET</c>, or <c>Sinch:Requests:Workers /
/// sinch-actors.requests.workers</c>. Never quotes a secret.
/// </summary>
internal static class SinchActorsOptionsValidation
{
    public static IReadOnlyList<string> Problems(SinchActorsOptions options, Config? baseConfig)
    {
        var problems = new List<string>();
        CheckProjects(options, problems);
        CheckBaseUrls(options.Requests.BaseUrls, problems);
        CheckSettings(options, baseConfig, problems);
        return problems;
    }

    private static void CheckProjects(SinchActorsOptions options, List<string> problems)
    {
        if (options.AuthUrl is { } authUrl && !Uri.TryCreate(authUrl, UriKind.Absolute, out _))
            problems.Add($"{SinchActorsOptions.SectionName}:AuthUrl must be an absolute URL.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Projects.Count; i++)
        {
            var project = options.Projects[i];
            var index = i;
            string Key(string field) => project.FromEnvironment ? EnvironmentVariable(field) : $"{SinchActorsOptions.SectionName}:Projects:{index}:{field}";

            // '&', not '&&': every missing field is reported, not just the first.
            var complete = Required(project.ProjectId, Key(nameof(project.ProjectId)), problems)
                           & Required(project.KeyId, Key(nameof(project.KeyId)), problems)
                           & Required(project.KeySecret, Key(nameof(project.KeySecret)), problems);
            if (!complete)
                continue;
            if (!seen.Add(project.ProjectId!))
                problems.Add($"{Key(nameof(project.ProjectId))}: project '{project.ProjectId}' is configured twice.");
            if ((project.AuthUrl ?? options.AuthUrl) is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                problems.Add($"{(project.AuthUrl is null ? $"{SinchActorsOptions.SectionName}:AuthUrl" : Key(nameof(project.AuthUrl)))} must be an absolute URL.");
                continue;
            }
            try
            {
                project.ToCredentials(options.AuthUrl);
            }
            catch (ArgumentException e)
            {
                // SinchCredentials' messages never contain the value, so a secret cannot leak through them.
                problems.Add($"{Key(FieldOf(e.ParamName))}: {Rule(e)}");
            }
        }
    }

    private static bool Required(string? value, string key, List<string> problems)
    {
        if (!string.IsNullOrEmpty(value))
            return true;
        problems.Add($"{key} is required.");
        return false;
    }

    private static void CheckBaseUrls(Dictionary<string, string> baseUrls, List<string> problems)
    {
        foreach (var (family, url) in baseUrls)
        {
            var key = $"{SinchActorsOptions.SectionName}:Requests:BaseUrls:{family}";
            if (!OptionsHocon.TryParseFamily(family, out _))
                problems.Add($"{key}: '{family}' is not an API family ({string.Join(", ", Enum.GetNames<SinchApiFamily>())}).");
            else if (!Uri.TryCreate(url, UriKind.Absolute, out _))
                problems.Add($"{key} must be an absolute URL.");
        }
    }

    private static void CheckSettings(SinchActorsOptions options, Config? baseConfig, List<string> problems)
    {
        // HOCON has no negative durations, so these are reported before the options become HOCON.
        var negative = OptionsHocon.Values(options).Where(v => v.Value is TimeSpan duration && duration < TimeSpan.Zero).ToList();
        foreach (var (key, _) in negative)
            problems.Add($"{OptionsHocon.BothSpellings(key)} must not be negative.");
        if (negative.Count > 0)
            return;
        Config config;
        try
        {
            config = SinchActorsConfig.WithReferenceFallback(baseConfig is null ? options.ToConfig() : options.ToConfig().WithFallback(baseConfig));
        }
        catch (Exception e)
        {
            problems.Add($"sinch-actors: the configuration cannot be read: {e.Message}");
            return;
        }
        // Each FromConfig validates with the same rules the runtime applies; their ArgumentExceptions name the HOCON key.
        SinchRequestSettings? requests = null;
        Check(problems, () => requests = SinchRequestSettings.FromConfig(config.GetConfig("sinch-actors.requests")));
        Check(problems, () =>
        {
            var auth = TokenManagerSettings.FromConfig(config.GetConfig("sinch-actors.auth"));
            if (requests is not null)
                auth.ValidateAgainst(requests.AttemptTimeout);
        });
        Check(problems, () => ProjectRegistrySettings.FromConfig(config.GetConfig("sinch-actors.projects")));
        Check(problems, () => ShutdownSettings.FromConfig(config.GetConfig("sinch-actors.shutdown")));
        Check(problems, () => TelemetrySettings.FromConfig(config.GetConfig("sinch-actors.telemetry")));
    }

    private static void Check(List<string> problems, Action check)
    {
        try
        {
            check();
        }
        catch (ArgumentException e) when (e.ParamName is not null)
        {
            var hoconKey = e.ParamName;
            var rule = Rule(e);
            var at = rule.IndexOf(" must ", StringComparison.Ordinal);
            problems.Add($"{OptionsHocon.BothSpellings(hoconKey)}{(at >= 0 ? rule[at..] : ": " + rule)}");
        }
        catch (Exception e) when (e is ConfigurationException or FormatException or UriFormatException)
        {
            problems.Add($"sinch-actors: {e.Message}");
        }
    }

    private static string Rule(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    private static string FieldOf(string? parameter) => parameter switch
    {
        "projectId" => nameof(SinchProjectOptions.ProjectId),
        "keyId" => nameof(SinchProjectOptions.KeyId),
        "keySecret" => nameof(SinchProjectOptions.KeySecret),
        "authUrl" => nameof(SinchProjectOptions.AuthUrl),
        "mode" => nameof(SinchProjectOptions.Mode),
        _ => parameter ?? "?",
    };

    private static string EnvironmentVariable(string field) => field switch
    {
        nameof(SinchProjectOptions.ProjectId) => SinchActorsOptions.EnvironmentVariables.ProjectId,
        nameof(SinchProjectOptions.KeyId) => SinchActorsOptions.EnvironmentVariables.KeyId,
        nameof(SinchProjectOptions.KeySecret) => SinchActorsOptions.EnvironmentVariables.KeySecret,
        nameof(SinchProjectOptions.AuthUrl) => SinchActorsOptions.EnvironmentVariables.AuthUrl,
        _ => field,
    };
}
