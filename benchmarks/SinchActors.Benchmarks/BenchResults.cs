using System.Diagnostics;
using System.Text.Json;

namespace SinchActors.Benchmarks;

/// <summary>Writes a scenario's figures as JSON under <c>benchmarks/results/</c> of the repository, stamped with date and commit.</summary>
internal static class BenchResults
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The UTC date and time of the run, ISO 8601.</summary>
    public static string Date => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The short SHA of the checked-out commit, or null outside a git checkout.</summary>
    public static string? Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot(),
            });
            var sha = git!.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && sha.Length > 0 ? sha : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="figures"/> to <c>benchmarks/results/{name}.json</c> and returns the path.</summary>
    public static string Write(string name, object figures)
    {
        var directory = Path.Combine(RepositoryRoot(), "benchmarks", "results");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(figures, Json) + Environment.NewLine);
        Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
        return path;
    }

    // The directory holding SinchActors.sln, searched upwards from the working directory (dotnet run keeps the caller's).
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SinchActors.sln")))
                return directory.FullName;
        }
        return Environment.CurrentDirectory;
    }
}
