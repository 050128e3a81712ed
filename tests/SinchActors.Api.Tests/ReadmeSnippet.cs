using System.Text.RegularExpressions;

namespace SinchActors.Api.Tests;

/// <summary>
/// A <c>```csharp</c> block of a Markdown file, with the hidden context the README gives it. Conventions (README.md of
/// this project): a block compiles on its own as a program (top-level statements, then types), with the SDK's implicit
/// usings; an HTML comment <c>&lt;!-- compile-prelude: … --&gt;</c> right before the fence adds usings, declarations
/// and types the block assumes; <c>```csharp nocompile</c> is skipped.
/// </summary>
/// <param name="File">Path relative to the repository root, e.g. <c>README.md</c>.</param>
/// <param name="Line">1-based line of the opening fence.</param>
/// <param name="Code">The block's text.</param>
/// <param name="Prelude">The hidden context, or empty.</param>
/// <param name="Skip">Marked <c>nocompile</c>.</param>
internal sealed partial record ReadmeSnippet(string File, int Line, string Code, string Prelude, bool Skip)
{
    public const string NoCompile = "nocompile";
    private const string PreludeStart = "<!-- compile-prelude:";

    /// <summary>The Markdown files whose C# must compile: the root README and every README under src/.</summary>
    public static IEnumerable<string> Files() =>
        new[] { "README.md" }.Concat(Directory
            .EnumerateFiles(Path.Combine(Repository.Root, "src"), "README.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Repository.Root, path))
            .Order(StringComparer.Ordinal));

    public static IReadOnlyList<ReadmeSnippet> All() => Files().SelectMany(Read).ToList();

    public static IEnumerable<ReadmeSnippet> Read(string file)
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(Repository.Root, file));
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success) continue;
            var info = fence.Groups["info"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var start = i;
            var end = Array.FindIndex(lines, i + 1, line => line.TrimStart().StartsWith("```", StringComparison.Ordinal));
            if (end < 0) throw new InvalidDataException($"{file}:{start + 1}: code block never closed.");
            i = end;
            if (info.Length == 0 || info[0] is not ("csharp" or "cs" or "c#")) continue;

            yield return new ReadmeSnippet(file, start + 1, string.Join('\n', lines[(start + 1)..end]),
                PreludeBefore(lines, start), info.Contains(NoCompile));
        }
    }

    /// <summary>The text of a <c>compile-prelude</c> comment ending on the line just above the fence.</summary>
    private static string PreludeBefore(string[] lines, int fence)
    {
        if (fence == 0 || lines[fence - 1].Trim() != "-->") return "";
        var open = Array.FindLastIndex(lines, fence - 1, line => line.TrimStart().StartsWith("<!--", StringComparison.Ordinal));
        if (open < 0 || !lines[open].TrimStart().StartsWith(PreludeStart, StringComparison.Ordinal)) return "";
        var first = lines[open].TrimStart()[PreludeStart.Length..];
        return string.Join('\n', lines[(open + 1)..(fence - 1)].Prepend(first));
    }

    public override string ToString() => $"{File}:{Line}";

    [GeneratedRegex(@"^\s*```(?<info>[^`]*)$")]
    private static partial Regex Fence();
}
