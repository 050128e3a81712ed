using SinchActors.Cli.Configuration;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;

namespace SinchActors.Cli.Tests;

/// <summary><c>token</c>, <c>access-keys</c> and <c>run</c> against a standalone emulator, as against a real account.</summary>
public sealed class TargetCommandSpecs : IAsyncLifetime
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

    private string[] Target(params string[] args) =>
        [.. args, "--auth-url", _emulator.TokenUrl.ToString(), "--api-url", _emulator.BaseUrl.ToString()];

    [Fact]
    public async Task Token_prints_type_lifetime_and_a_masked_token()
    {
        var result = await CliRun.RunAsync(_environment, Target("token", "--json"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var token = result.Json;
        Assert.Equal("bearer", token.GetProperty("tokenType").GetString());
        Assert.Equal(3600, token.GetProperty("expiresInSeconds").GetDouble());
        Assert.Contains("…", token.GetProperty("accessToken").GetString());
        Assert.Equal(1, _emulator.Stats.Tokens("acme-key").Issued);
        Assert.DoesNotContain(Secret, result.Output + result.Error);
    }

    [Fact]
    public async Task Token_with_a_wrong_secret_fails_with_one_line_and_exit_code_1()
    {
        var environment = new Dictionary<string, string>(_environment) { ["SINCH_KEY_SECRET"] = "wrong-secret-value" };

        var result = await CliRun.RunAsync(environment, Target("token"));

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("invalid_client", result.Error);
        Assert.DoesNotContain("wrong-secret-value", result.Error);
    }

    [Fact]
    public async Task Access_keys_create_list_get_update_delete_round_trip()
    {
        var created = await CliRun.RunAsync(_environment, Target("access-keys", "create", "--display-name", "ci-bot", "--json"));
        Assert.Equal(ExitCodes.Success, created.ExitCode);
        var keyId = created.Json.GetProperty("accessKey").GetProperty("accessKeyId").GetString()!;
        Assert.False(string.IsNullOrEmpty(created.Json.GetProperty("secret").GetString()));

        var list = await CliRun.RunAsync(_environment, Target("access-keys", "list"));
        Assert.Equal(ExitCodes.Success, list.ExitCode);
        Assert.Contains(keyId, list.Output);
        Assert.Contains("ci-bot", list.Output);

        var renamed = await CliRun.RunAsync(_environment, Target("access-keys", "update", keyId, "--display-name", "ci-bot-2", "--json"));
        Assert.Equal("ci-bot-2", renamed.Json.GetProperty("displayName").GetString());

        var got = await CliRun.RunAsync(_environment, Target("access-keys", "get", keyId, "--json"));
        Assert.Equal("ci-bot-2", got.Json.GetProperty("displayName").GetString());

        var deleted = await CliRun.RunAsync(_environment, Target("access-keys", "delete", keyId));
        Assert.Equal(ExitCodes.Success, deleted.ExitCode);
        Assert.Equal(1, _emulator.KeyCount("acme"));

        var gone = await CliRun.RunAsync(_environment, Target("access-keys", "get", keyId));
        Assert.Equal(ExitCodes.Failure, gone.ExitCode);
        Assert.Contains("404", gone.Error);
        Assert.DoesNotContain(Secret, string.Concat(list.Output, got.Output, gone.Error));
    }

    [Fact]
    public async Task A_projects_file_serves_many_tenants_and_run_stays_read_only_by_default()
    {
        _emulator.SeedKey("beta", "beta-key", "beta-secret-value");
        var file = Path.Combine(Path.GetTempPath(), $"sinch-actors-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, $$"""
            [ { "projectId": "acme", "keyId": "acme-key", "keySecret": "{{Secret}}" },
              { "projectId": "beta", "keyId": "beta-key", "keySecret": "beta-secret-value" } ]
            """);
        try
        {
            var result = await CliRun.RunAsync(new Dictionary<string, string>(),
                Target("run", "--projects-file", file, "--requests", "40", "--rate", "1000", "--json"));

            Assert.Equal(ExitCodes.Success, result.ExitCode);
            var summary = result.Json;
            Assert.Equal(40, summary.GetProperty("requests").GetProperty("succeeded").GetInt64());
            Assert.Equal(0, summary.GetProperty("requests").GetProperty("lost").GetInt64());
            Assert.Equal(2, summary.GetProperty("tokenFetches").GetProperty("total").GetInt64());
            Assert.Equal(1, _emulator.KeyCount("acme"));
            Assert.Empty(_emulator.Stats.Snapshot().PostsByDisplayName);
            Assert.True(_emulator.Stats.ApiRequests("beta") > 0);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Run_with_writes_deletes_the_keys_it_created()
    {
        var result = await CliRun.RunAsync(_environment, Target("run", "--writes", "--requests", "60", "--rate", "1000", "--json"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.True(result.Json.GetProperty("operations").GetProperty("createKey").GetInt64() > 0);
        Assert.Equal(1, _emulator.KeyCount("acme"));
    }

    [Fact]
    public async Task An_interrupted_run_cancels_the_calls_still_in_flight_after_the_drain_timeout_and_counts_them_as_cancelled()
    {
        _emulator.Faults.Set(new FaultSettings { Rules = [new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.Api, LatencyMs = 20_000 }] });
        using var interrupt = new CancellationTokenSource();

        var result = await CliRun.RunAsync(_environment, Target("run", "--requests", "1000", "--concurrency", "4", "--rate", "100",
            "--drain-timeout", "200ms", "--json"), interrupt.Token, new CallbackWriter(interrupt.Cancel));

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        var requests = result.Json.GetProperty("requests");
        Assert.Equal(4, requests.GetProperty("submitted").GetInt64());
        Assert.Equal(4, requests.GetProperty("cancelled").GetInt64());
        Assert.Equal(0, requests.GetProperty("failed").GetInt64());
        Assert.Equal(0, requests.GetProperty("lost").GetInt64());
    }
}
