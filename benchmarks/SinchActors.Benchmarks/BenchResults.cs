using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SinchActors.Benchmarks;

/// <summary>
/// Where each scenario leaves its figures: <c>benchmarks/results/&lt;scenario&gt;.json</c> with the date, the git short
/// commit (<c>-dirty</c> when the work tree had changes), the inputs, the outputs, the target and whether it was met.
/// The <c>charts</c> command draws from these files.
/// </summary>
internal static class BenchResults
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "<=" stays readable; these files are never HTML
    };

    /// <summary>The repository's <c>benchmarks/results</c> folder, found upwards from the binary (BenchmarkDotNet's host runs from bin/).</summary>
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "benchmarks", "results");

    public static void Write(string scenario, object inputs, object outputs, string target, bool met) =>
        WriteDocument(scenario, new { scenario, date = Now(), commit = Commit(), inputs, outputs, target, met });

    /// <summary>Writes a document the scenario shaped itself (stamped by it with <see cref="Now"/> and <see cref="Commit"/>).</summary>
    public static void WriteDocument(string scenario, object document)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, scenario + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json) + "\n");
        Console.WriteLine($"results: {path}");
    }

    public static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Commit()
    {
        var commit = Git("rev-parse --short HEAD");
        // Earlier results and charts are not source: rewriting them does not make a run dirty.
        return Git("status --porcelain --untracked-files=no -- . :!benchmarks/results :!benchmarks/charts").Length > 0 ? commit + "-dirty" : commit;
    }

    private static string Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = RepositoryRoot(),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown"; // no git on this machine
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SinchActors.sln")))
                return dir.FullName;
        return Environment.CurrentDirectory;
    }
}
