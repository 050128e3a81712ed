namespace SinchActors.Api.Tests;

/// <summary>Paths in the checkout these tests run from.</summary>
internal static class Repository
{
    /// <summary>The directory holding SinchActors.sln, found upwards from the test's output directory.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>This test project's directory.</summary>
    public static string TestProject => Path.Combine(Root, "tests", "SinchActors.Api.Tests");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SinchActors.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No SinchActors.sln above {AppContext.BaseDirectory}.");
    }
}
