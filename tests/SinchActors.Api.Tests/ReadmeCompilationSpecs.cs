namespace SinchActors.Api.Tests;

/// <summary>The C# examples of README.md and of every package README compile against the current API.</summary>
public sealed class ReadmeCompilationSpecs
{
    public static TheoryData<string> Snippets() => new(ReadmeSnippet.All().Where(s => !s.Skip).Select(s => s.ToString()));

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Each_csharp_block_of_the_READMEs_compiles(string snippet)
    {
        var block = ReadmeSnippet.All().Single(s => s.ToString() == snippet);

        var errors = ReadmeCompiler.Errors(block, out var source);

        if (errors.Count > 0)
            Assert.Fail($"{snippet} does not compile (line numbers are of the assembled source below):\n  " +
            string.Join("\n  ", errors) + "\n--- assembled source ---\n" + source);
    }

    [Fact]
    public void The_READMEs_have_csharp_blocks_to_compile()
    {
        var files = ReadmeSnippet.All().Where(s => !s.Skip).Select(s => s.File).Distinct().ToList();

        Assert.Contains("README.md", files);
        Assert.Contains(Path.Combine("src", "SinchActors", "README.md"), files);
        Assert.Contains(Path.Combine("src", "SinchActors.Emulator", "README.md"), files);
    }
}
