using System.Security.Cryptography;
using SinchActors.Auth;
using SinchActors.Emulator;

namespace SinchActors.Cli.Load;

/// <summary>One demo project: its own key, or (a subproject) its parent's key.</summary>
internal sealed record DemoProject(string ProjectId, string? ParentProjectId, string KeyId, string KeySecret, string ResidentKeyId);

/// <summary>
/// The demo's tenants. In every group of four projects the first is a parent with its own key, the next two are
/// its subprojects authenticating with the parent's key, and the fourth stands alone: 20 projects use 10 keys.
/// </summary>
internal static class DemoTopology
{
    public static IReadOnlyList<DemoProject> Create(int projects)
    {
        var result = new List<DemoProject>(projects);
        DemoProject? parent = null;
        for (var i = 0; i < projects; i++)
        {
            var projectId = $"project-{i + 1:D2}";
            if (i % 4 is 1 or 2 && parent is not null)
            {
                // Subprojects read a key of their own (never used to authenticate), so a GET never touches the parent's.
                result.Add(new DemoProject(projectId, parent.ProjectId, parent.KeyId, parent.KeySecret, $"resident-{i + 1:D2}"));
                continue;
            }
            var keyId = $"key-{i + 1:D2}";
            var project = new DemoProject(projectId, null, keyId, NewSecret(), keyId);
            if (i % 4 == 0)
                parent = project;
            result.Add(project);
        }
        return result;
    }

    public static void Seed(SinchEmulator emulator, IEnumerable<DemoProject> projects)
    {
        foreach (var project in projects)
        {
            if (project.ParentProjectId is null)
            {
                emulator.SeedKey(project.ProjectId, project.KeyId, project.KeySecret);
                continue;
            }
            emulator.SeedProject(project.ProjectId, project.ParentProjectId);
            emulator.SeedKey(project.ProjectId, project.ResidentKeyId, NewSecret());
        }
    }

    public static SinchCredentials Credentials(DemoProject project, Uri tokenUrl) =>
        new(project.ProjectId, project.KeyId, project.KeySecret, tokenUrl);

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
