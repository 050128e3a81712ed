using SinchActors.Emulator.Cli;

namespace SinchActors.Emulator.Tests;

public sealed class CommandLineSpecs
{
    [Fact]
    public void Defaults_are_port_8080_and_one_hour_tokens_with_no_projects()
    {
        var parsed = CommandLine.Parse([]);

        Assert.Equal(8080, parsed.Port);
        Assert.Equal(3600, parsed.TokenTtlSeconds);
        Assert.Empty(parsed.Projects);
        Assert.False(parsed.ShowHelp);
        Assert.False(parsed.WholeSecondTokens);
    }

    [Fact]
    public void Whole_second_tokens_are_switched_on_by_their_flag()
    {
        Assert.True(CommandLine.Parse(["--token-ttl", "5", "--whole-second-tokens"]).WholeSecondTokens);
    }

    [Fact]
    public void Projects_repeat_and_secrets_may_contain_colons()
    {
        var parsed = CommandLine.Parse(["--port", "0", "--token-ttl", "60", "--project", "p1:k1:s1", "--project", "p2:k2:a:b"]);

        Assert.Equal(0, parsed.Port);
        Assert.Equal(60, parsed.TokenTtlSeconds);
        Assert.Equal(["p1", "p2"], parsed.Projects.Select(p => p.ProjectId));
        Assert.Equal("a:b", parsed.Projects[1].Secret);
    }

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--token-ttl", "0")]
    [InlineData("--project", "only:two")]
    [InlineData("--port")]
    [InlineData("--verbose")]
    public void Bad_arguments_are_reported(params string[] args)
    {
        Assert.Throws<FormatException>(() => CommandLine.Parse(args));
    }

    [Fact]
    public void Help_is_recognised()
    {
        Assert.True(CommandLine.Parse(["--help"]).ShowHelp);
    }
}
