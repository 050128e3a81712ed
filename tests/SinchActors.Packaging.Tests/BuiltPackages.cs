using System.Xml.Linq;

namespace SinchActors.Packaging.Tests;

/// <summary>
/// The packages this project's build made with <c>dotnet pack -c Release</c> (the <c>PackTheLibrariesAndTheTool</c>
/// target in the .csproj), and a temporary directory for what the specs install from them.
/// </summary>
public sealed class BuiltPackages : IDisposable
{
    public BuiltPackages()
    {
        if (!Directory.Exists(Output) || Directory.GetFiles(Output, "*.nupkg").Length == 0)
            throw new InvalidOperationException($"No packages in {Output}: build this project (its build packs src/) before running it.");
        Directory.CreateDirectory(Work);
    }

    /// <summary>The temporary directory for anything a spec installs or builds.</summary>
    public string Work { get; } = Path.Combine(Path.GetTempPath(), $"sinch-actors-packaging-{Guid.NewGuid():N}");

    /// <summary>The directory the build wrote the packages to.</summary>
    public string Output { get; } = Path.Combine(AppContext.BaseDirectory, "packages");

    /// <summary><c>VersionPrefix</c> of Directory.Build.props: the version of every package.</summary>
    public string Version { get; } =
        XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
