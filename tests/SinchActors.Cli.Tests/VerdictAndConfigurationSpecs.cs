using SinchActors.Cli.Configuration;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;

namespace SinchActors.Cli.Tests;

/// <summary>
/// What a failed run tells a script (exit code and one stderr line), and that the CLI's runtime reads the same
/// configuration as a hosted one: appsettings.json, <c>--config</c>, <c>Sinch__…</c> variables, HOCON.
/// </summary>
public sealed class VerdictAndConfigurationSpecs : IAsyncLifetime
{
    private const string Secret = "s3cr3t-key-secret-value";
    private SinchEmulator _emulator = null!;
    private Dictionary<string, string> _environment = null!;

    public async Task InitializeAsync()
    {
        _emulator = await SinchEmulator.StartAsync();
        _emulator.SeedKey("acme", "acme-key", Secret);
        _environment = new Dictionary<string, string>
        {
            ["SINCH_PROJECT_ID"] = "acme",
            ["SINCH_KEY_ID"] = "acme-key",
            ["SINCH_KEY_SECRET"] = Secret,
        };
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private string[] Run(params string[] args) =>
        ["run", "--auth-url", _emulator.TokenUrl.ToString(), "--api-url", _emulator.BaseUrl.ToString(), "--rate", "1000", .. args];

    private void ApiAlwaysAnswers503() =>
        _emulator.Faults.Set(new FaultSettings { Rules = [new FaultRule { Kind = FaultKind.Error, Target = FaultTarget.Api, StatusCode = 503 }] });

    private static string StderrLine(CliResult result) => Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task A_wrong_secret_fails_the_run_with_one_stderr_line_naming_project_key_and_the_servers_error()
    {
        var environment = new Dictionary<string, string>(_environment) { ["SINCH_KEY_SECRET"] = "wrong-secret-value" };

        var result = await CliRun.RunAsync(environment, Run("--requests", "20", "--concurrency", "2"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        var line = StderrLine(result);
        Assert.StartsWith("sinch-actors: run failed: 20 of 20 calls failed with SinchAuthenticationException: project acme, key acme-key: ", line);
        Assert.Contains("HTTP 401 invalid_client", line);
        Assert.DoesNotContain("wrong-secret-value", result.Output + result.Error);
    }

    [Fact]
    public async Task A_run_in_which_every_call_failed_exits_with_1_even_when_the_target_may_cause_the_failures()
    {
        ApiAlwaysAnswers503();

        var result = await CliRun.RunAsync(_environment, Run("--requests", "3", "--concurrency", "1", "--json"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal(0, result.Json.GetProperty("failures").GetProperty("unexpected").GetInt64());
        Assert.Equal(ExitCodes.Failure, result.Json.GetProperty("exitCode").GetInt32());
        // With --json, progress lines share stderr; the verdict is the one line that is not progress.
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.StartsWith('['));
        Assert.StartsWith("sinch-actors: run failed: no call succeeded: 3 of 3 failed with SinchApiException 503: project acme, key acme-key: the API answered HTTP 503", line);
        Assert.Equal(line["sinch-actors: run failed: ".Length..], result.Json.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_fails_the_run_as_auth_unavailable()
    {
        _emulator.Faults.Set(new FaultSettings { Rules = [new FaultRule { Kind = FaultKind.Error, Target = FaultTarget.Token, StatusCode = 503 }] });
        var environment = new Dictionary<string, string>(_environment) { ["Sinch__Requests__DefaultDeadline"] = "00:00:01" };

        var result = await CliRun.RunAsync(environment, Run("--requests", "2", "--concurrency", "2"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        var line = StderrLine(result);
        Assert.StartsWith("sinch-actors: run failed: 2 of 2 calls failed with SinchAuthUnavailableException: project acme, key acme-key: ", line);
        Assert.Contains("HTTP 503", line);
    }

    [Fact]
    public async Task A_retry_setting_from_a_config_file_reaches_the_runtime()
    {
        ApiAlwaysAnswers503();
        var file = Path.Combine(Path.GetTempPath(), $"sinch-actors-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "Sinch": { "Requests": { "MaxRetries": 0 } } }""");
        try
        {
            var result = await CliRun.RunAsync(_environment, Run("--requests", "3", "--concurrency", "1", "--config", file));

            Assert.Equal(ExitCodes.Failure, result.ExitCode);
            Assert.Equal(3, _emulator.Stats.ApiRequests("acme")); // one attempt per call, no retry
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_retry_setting_from_an_environment_variable_wins_over_appsettings_json_in_the_working_directory()
    {
        ApiAlwaysAnswers503();
        var directory = Directory.CreateTempSubdirectory("sinch-actors-cli-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), """{ "Sinch": { "Requests": { "MaxRetries": 0 } } }""");
        var environment = new Dictionary<string, string>(_environment) { ["Sinch__Requests__MaxRetries"] = "1" };
        try
        {
            var result = await CliRun.RunAsync(environment, Run("--requests", "3", "--concurrency", "1"), workingDirectory: directory);

            Assert.Equal(ExitCodes.Failure, result.ExitCode);
            Assert.Equal(6, _emulator.Stats.ApiRequests("acme")); // two attempts per call
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Projects_and_settings_come_from_appsettings_json_and_hocon_when_no_flag_or_variable_names_them()
    {
        ApiAlwaysAnswers503();
        var directory = Directory.CreateTempSubdirectory("sinch-actors-cli-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), $$"""
            { "Sinch": { "AuthUrl": "{{_emulator.TokenUrl}}",
                         "Projects": [ { "ProjectId": "acme", "KeyId": "acme-key", "KeySecret": "{{Secret}}" } ] } }
            """);
        var hocon = Path.Combine(directory, "sinch.conf");
        await File.WriteAllTextAsync(hocon, "sinch-actors.requests.max-retries = 2");
        try
        {
            var result = await CliRun.RunAsync(new Dictionary<string, string>(),
                ["run", "--api-url", _emulator.BaseUrl.ToString(), "--requests", "2", "--concurrency", "1", "--rate", "1000", "--hocon", hocon],
                workingDirectory: directory);

            Assert.Equal(ExitCodes.Failure, result.ExitCode);
            Assert.Equal(6, _emulator.Stats.ApiRequests("acme")); // three attempts per call
            Assert.Equal(1, _emulator.Stats.Tokens("acme-key").Issued);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_invalid_setting_is_a_usage_error_naming_its_key()
    {
        var environment = new Dictionary<string, string>(_environment) { ["Sinch__Requests__Workers"] = "0" };

        var result = await CliRun.RunAsync(environment, Run("--requests", "1"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Sinch:Requests:Workers", StderrLine(result));
    }

    [Fact]
    public async Task Help_says_where_the_configuration_comes_from()
    {
        var root = await CliRun.RunAsync("--help");
        var run = await CliRun.RunAsync("run", "--help");

        foreach (var expected in new[] { "appsettings.json", "Sinch__Requests__MaxRetries", "--config", "--hocon", "flags win" })
            Assert.Contains(expected, root.Output);
        Assert.Contains("--config", run.Output);
        Assert.Contains("--hocon", run.Output);
    }
}
