using System.Text.Json;
using System.Text.Json.Serialization;
using SinchActors.Auth;

namespace SinchActors.Cli.Configuration;

/// <summary>One project of a <c>--projects-file</c>: <c>[{"projectId":"…","keyId":"…","keySecret":"…"}]</c>.</summary>
internal sealed record ProjectCredentialsEntry(string? ProjectId, string? KeyId, string? KeySecret);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(List<ProjectCredentialsEntry>))]
internal sealed partial class ProjectsFileJsonContext : JsonSerializerContext;

/// <summary>
/// Where real-account commands get their keys: <c>--projects-file</c> when given, else <c>SINCH_PROJECT_ID</c>,
/// <c>SINCH_KEY_ID</c> and <c>SINCH_KEY_SECRET</c>. Errors name the missing piece, never a secret.
/// </summary>
internal static class ProjectCredentials
{
    public const string ProjectIdVariable = "SINCH_PROJECT_ID";
    public const string KeyIdVariable = "SINCH_KEY_ID";
    public const string KeySecretVariable = "SINCH_KEY_SECRET";

    /// <exception cref="CliUsageException">No credentials, an unreadable file, or an invalid entry.</exception>
    public static IReadOnlyList<SinchCredentials> Load(FileInfo? projectsFile, Uri authUrl, Func<string, string?> environment)
    {
        if (projectsFile is not null)
            return FromFile(projectsFile, authUrl);

        var projectId = environment(ProjectIdVariable);
        var keyId = environment(KeyIdVariable);
        var keySecret = environment(KeySecretVariable);
        if (string.IsNullOrEmpty(projectId) || string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(keySecret))
            throw new CliUsageException(
                $"no credentials: set {ProjectIdVariable}, {KeyIdVariable} and {KeySecretVariable}, or pass --projects-file");
        return [Create(projectId, keyId, keySecret, authUrl, "the environment")];
    }

    private static List<SinchCredentials> FromFile(FileInfo file, Uri authUrl)
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

        var credentials = new List<SinchCredentials>(entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var where = $"entry {i + 1} of {file.Name}";
            if (string.IsNullOrEmpty(entry.ProjectId) || string.IsNullOrEmpty(entry.KeyId) || string.IsNullOrEmpty(entry.KeySecret))
                throw new CliUsageException($"{where} needs projectId, keyId and keySecret");
            if (!seen.Add(entry.ProjectId))
                throw new CliUsageException($"{where}: project {entry.ProjectId} is listed twice");
            credentials.Add(Create(entry.ProjectId, entry.KeyId, entry.KeySecret, authUrl, where));
        }
        return credentials;
    }

    private static SinchCredentials Create(string projectId, string keyId, string keySecret, Uri authUrl, string where)
    {
        try
        {
            return new SinchCredentials(projectId, keyId, keySecret, authUrl);
        }
        catch (ArgumentException e)
        {
            // SinchCredentials never puts a value into its messages, only the parameter name.
            throw new CliUsageException($"invalid credentials in {where}: {e.Message}");
        }
    }
}
