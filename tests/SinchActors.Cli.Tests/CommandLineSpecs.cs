using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Tests;

public sealed class CommandLineSpecs
{
    [Fact]
    public async Task Root_help_lists_every_command_and_the_demo_options()
    {
        var result = await CliRun.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var expected in new[] { "demo", "run", "token", "access-keys", "--projects", "--requests", "--duration", "--concurrency", "--faults", "--token-ttl", "--seed", "--json" })
            Assert.Contains(expected, result.Output);
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData("demo", "--faults")]
    [InlineData("run", "--rate")]
    [InlineData("token", "--auth-url")]
    [InlineData("access-keys", "delete")]
    [InlineData("access-keys list", "--projects-file")]
    [InlineData("access-keys get", "key-id")]
    [InlineData("access-keys create", "--display-name")]
    [InlineData("access-keys update", "--display-name")]
    [InlineData("access-keys delete", "--api-url")]
    public async Task Every_command_has_help(string command, string mentions)
    {
        var result = await CliRun.RunAsync([.. command.Split(' '), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
        Assert.Contains(mentions, result.Output);
    }

    [Theory]
    [InlineData("--projects 0", "--projects")]
    [InlineData("--requests -5", "--requests")]
    [InlineData("--concurrency 20000", "--concurrency")]
    [InlineData("--token-ttl 1", "--token-ttl")]
    [InlineData("--faults wild", "wild")]
    [InlineData("--duration soon", "--duration")]
    [InlineData("--bogus", "--bogus")]
    [InlineData("demo --seed x", "x")]
    [InlineData("run --rate 0", "--rate")]
    [InlineData("token --auth-url not-a-url", "--auth-url")]
    [InlineData("access-keys get", "get")]
    [InlineData("access-keys create", "--display-name")]
    [InlineData("access-keys rotate", "rotate")]
    public async Task Bad_arguments_print_one_line_on_stderr_and_exit_with_2(string args, string named)
    {
        var result = await CliRun.RunAsync(args.Split(' '));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Output);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sinch-actors: ", line);
        Assert.Contains(named, line);
    }

    [Fact]
    public async Task Real_account_commands_without_credentials_name_the_environment_variables_and_exit_with_2()
    {
        var result = await CliRun.RunAsync("token");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET", result.Error);
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1500ms", 1_500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("45", 45_000)]
    [InlineData("0.5s", 500)]
    public void Durations_take_a_unit(string text, int milliseconds)
    {
        Assert.True(OptionParsers.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("10 minutes")]
    [InlineData("1e400s")]
    public void Nonsense_is_not_a_duration(string text) => Assert.False(OptionParsers.TryParseDuration(text, out _));
}
