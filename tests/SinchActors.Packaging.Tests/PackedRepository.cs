using System.Xml.Linq;

namespace SinchActors.Packaging.Tests;

/// <summary>
/// The repository's src/ packed once for <see cref="PackagingSpecs"/>, the way the README does it
/// (<c>dotnet pack -c Release -o DIR</c>), but from a copy in a temporary directory: its own bin/ and obj/, so test
/// assemblies building or running in parallel never share a file with it.
/// </summary>
public sealed class PackedRepository : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    public PackedRepository()
    {
        Work = Path.Combine(Path.GetTempPath(), $"sinch-actors-packaging-{Guid.NewGuid():N}");
        Version = XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
        try
        {
            var source = Path.Combine(Work, "src");
            CopySources(source);
            Dotnet(source, "new", "sln", "--name", "Packages");
            Dotnet(source, ["sln", "Packages.slnx", "add", .. Directory.GetFiles(Path.Combine(source, "src"), "*.csproj", SearchOption.AllDirectories)]);
            Output = Path.Combine(Work, "out");
            Dotnet(source, "pack", "-c", "Release", "-o", Output, "--disable-build-servers");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The temporary directory holding the copy (<c>src/</c>), the packages (<c>out/</c>) and anything a test installs.</summary>
    public string Work { get; }

    /// <summary>The directory the packages were written to.</summary>
    public string Output { get; } = "";

    /// <summary><c>VersionPrefix</c> of Directory.Build.props: the version of every package.</summary>
    public string Version { get; }

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

    /// <summary>What a build of src/ reads: the Directory.* files, global.json, NuGet configuration, hocon/ and src/ (without bin/, obj/).</summary>
    private static void CopySources(string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(Repository.Root))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("Directory.", StringComparison.Ordinal) || name == "global.json" || name.Equals("nuget.config", StringComparison.OrdinalIgnoreCase))
                File.Copy(file, Path.Combine(target, name));
        }
        CopyTree(Path.Combine(Repository.Root, "hocon"), Path.Combine(target, "hocon"));
        CopyTree(Path.Combine(Repository.Root, "src"), Path.Combine(target, "src"));
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            if (Path.GetFileName(dir) is "bin" or "obj") continue;
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    private static void Dotnet(string workingDirectory, params string[] args)
    {
        var result = DotnetCli.RunDotnetAsync(workingDirectory, Deadline, args).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed: {result}");
    }
}
