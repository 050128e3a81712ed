using System.Text.Json;
using System.Text.Json.Serialization;
using SinchActors.Auth;
using SinchActors.Hosting;

namespace SinchActors.Cli.Configuration;

/// <summary>One project of a <c>--projects-file</c>: <c>[{"projectId":"…","keyId":"…","keySecret":"…"}]</c>.</summary>
internal sealed record ProjectCredentialsEntry(string? ProjectId, string? KeyId, string? KeySecret);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(List<ProjectCredentialsEntry>))]
internal sealed partial class ProjectsFileJsonContext : JsonSerializerContext;

/// <summary>
/// Reads a <c>--projects-file</c>, which replaces the projects of the configuration (<c>Sinch:Projects</c>,
/// <c>SINCH_*</c>). Errors name the entry and the missing piece, never a secret.
/// </summary>
internal static class ProjectCredentials
{
    /// <summary>What the CLI says when no project is configured anywhere.</summary>
    public const string NoCredentials =
        "no credentials: set SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET, list projects under Sinch:Projects in appsettings.json, or pass --projects-file";

    /// <exception cref="CliUsageException">An unreadable file, or an invalid entry.</exception>
    public static List<SinchProjectOptions> FromFile(FileInfo file)
    {
        List<ProjectCredentialsEntry>? entries;
        try
        {
            using var stream = file.OpenRead();
            entries = JsonSerializer.Deserialize(stream, ProjectsFileJsonContext.Default.ListProjectCredentialsEntry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // JsonException messages quote positions, not values, so no secret can leak through them.
            throw new CliUsageException($"cannot read --projects-file {file.Name}: {e.Message}");
        }
        if (entries is null || entries.Count == 0)
            throw new CliUsageException($"--projects-file {file.Name} holds no projects");

        var projects = new List<SinchProjectOptions>(entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var where = $"entry {i + 1} of {file.Name}";
            if (string.IsNullOrEmpty(entry.ProjectId) || string.IsNullOrEmpty(entry.KeyId) || string.IsNullOrEmpty(entry.KeySecret))
                throw new CliUsageException($"{where} needs projectId, keyId and keySecret");
            if (!seen.Add(entry.ProjectId))
                throw new CliUsageException($"{where}: project {entry.ProjectId} is listed twice");
            try
            {
                _ = new SinchCredentials(entry.ProjectId, entry.KeyId, entry.KeySecret);
            }
            catch (ArgumentException e)
            {
                // SinchCredentials never puts a value into its messages, only the parameter name.
                throw new CliUsageException($"invalid credentials in {where}: {e.Message}");
            }
            projects.Add(new SinchProjectOptions { ProjectId = entry.ProjectId, KeyId = entry.KeyId, KeySecret = entry.KeySecret });
        }
        return projects;
    }
}
