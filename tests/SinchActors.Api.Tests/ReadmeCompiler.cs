using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SinchActors.Api.Tests;

/// <summary>
/// Compiles a <see cref="ReadmeSnippet"/> the way a user's project would: C# latest, nullable on, the SDK's implicit
/// usings, and as references every assembly this test runs with (the .NET and ASP.NET Core frameworks, SinchActors,
/// SinchActors.Emulator and their dependencies, the generic host).
/// </summary>
internal static class ReadmeCompiler
{
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Latest);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    /// <summary>The compiler's errors, each with the line of the assembled source it is on; empty when it compiles.</summary>
    public static IReadOnlyList<string> Errors(ReadmeSnippet snippet, out string source)
    {
        source = Assemble(snippet);
        var tree = CSharpSyntaxTree.ParseText(source, Parse);
        var hasStatements = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippet",
            [tree, CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using {u};\n")), Parse)],
            References.Value,
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();
    }

    /// <summary>
    /// Usings (the prelude's, then the block's), the prelude's statements, the block, the prelude's types: the order a
    /// program with top-level statements needs.
    /// </summary>
    private static string Assemble(ReadmeSnippet snippet)
    {
        var prelude = CSharpSyntaxTree.ParseText(snippet.Prelude, Parse).GetCompilationUnitRoot();
        var block = CSharpSyntaxTree.ParseText(snippet.Code, Parse).GetCompilationUnitRoot();
        var blockBody = block.Usings.Count == 0 ? snippet.Code : snippet.Code[block.Usings.Last().Span.End..];
        return string.Join('\n',
            string.Concat(prelude.Usings.Select(u => u.ToFullString())),
            string.Concat(block.Usings.Select(u => u.ToFullString())),
            string.Concat(prelude.Members.OfType<GlobalStatementSyntax>().Select(m => m.ToFullString())),
            blockBody,
            string.Concat(prelude.Members.Where(m => m is not GlobalStatementSyntax).Select(m => m.ToFullString())));
    }

    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
        return trusted.Concat(local)
            .Where(IsManagedAssembly)
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
