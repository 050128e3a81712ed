using System.Text.Json;
using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Tests;

public sealed class DemoSpecs
{
    [Fact]
    public async Task A_small_mild_demo_loses_nothing_fails_only_as_the_faults_explain_and_fetches_one_token_per_key_or_401()
    {
        var result = await CliRun.RunAsync("demo", "--projects", "5", "--requests", "2000", "--faults", "mild", "--token-ttl", "3600", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var summary = result.Json; // stdout is exactly one JSON object
        var requests = summary.GetProperty("requests");
        Assert.Equal(2000, requests.GetProperty("submitted").GetInt64());
        Assert.Equal(2000, requests.GetProperty("completed").GetInt64());
        Assert.Equal(0, requests.GetProperty("lost").GetInt64());
        Assert.Equal(2000, requests.GetProperty("succeeded").GetInt64() + requests.GetProperty("failed").GetInt64());
        var histogram = summary.GetProperty("latencyMs").GetProperty("histogram").EnumerateArray().ToList();
        Assert.Equal(2000, histogram.Sum(b => b.GetProperty("count").GetInt64()));
        Assert.Equal(JsonValueKind.Null, histogram[^1].GetProperty("upToMs").ValueKind);

        var failures = summary.GetProperty("failures");
        Assert.Equal(0, failures.GetProperty("unexpected").GetInt64());
        foreach (var kind in failures.GetProperty("byKind").EnumerateObject())
            Assert.Contains(kind.Name, new[] { "SinchApiException 502", "SinchApiException 429" });

        // 5 projects on 3 keys: project-01 with its key, its subprojects -02 and -03 on that key, -04 and -05 with their own.
        var tokens = summary.GetProperty("tokenFetches");
        Assert.Equal(3, summary.GetProperty("keys").GetInt32());
        Assert.Equal(3, tokens.GetProperty("minimum").GetInt64());
        var spurious401s = summary.GetProperty("serverAnswers").TryGetProperty("401", out var n) ? n.GetInt64() : 0;
        var fetches = tokens.GetProperty("total").GetInt64();
        Assert.InRange(fetches, 3, 3 + spurious401s); // projects sharing a key share its token
    }

    [Fact]
    public async Task Tokens_shorter_than_the_run_are_refreshed_during_it()
    {
        var result = await CliRun.RunAsync("--projects", "2", "--duration", "3s", "--concurrency", "8", "--faults", "none", "--token-ttl", "2", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var summary = result.Json;
        Assert.Equal(0, summary.GetProperty("requests").GetProperty("lost").GetInt64());
        Assert.Equal(0, summary.GetProperty("requests").GetProperty("failed").GetInt64());
        // Refresh at 80% of the 1 s a 2 s token is counted as: each key is fetched again at least once in 3 s, without a 401 (no faults).
        foreach (var key in summary.GetProperty("tokenFetches").GetProperty("byKey").EnumerateArray())
        {
            Assert.True(key.GetProperty("fetches").GetInt64() >= 2, $"{key.GetProperty("keyId")} was fetched once");
            Assert.Equal(key.GetProperty("fetches").GetInt64(), key.GetProperty("atSeconds").GetArrayLength());
            Assert.Equal(0, key.GetProperty("early").GetInt64());
        }
    }

    [Fact]
    public async Task Ctrl_c_drains_in_flight_calls_and_prints_the_partial_summary()
    {
        using var interrupt = new CancellationTokenSource();
        // The first progress line (on stderr, because stdout carries JSON) plays the user pressing Ctrl+C.
        var progress = new CallbackWriter(interrupt.Cancel);

        var result = await CliRun.RunAsync(new Dictionary<string, string>(),
            ["--projects", "3", "--requests", "1000000", "--concurrency", "16", "--json"], interrupt.Token, progress);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        var summary = result.Json;
        Assert.True(summary.GetProperty("interrupted").GetBoolean());
        var requests = summary.GetProperty("requests");
        Assert.InRange(requests.GetProperty("submitted").GetInt64(), 1, 999_999);
        Assert.Equal(0, requests.GetProperty("lost").GetInt64());
        Assert.Equal(0, requests.GetProperty("cancelled").GetInt64());
    }

    [Fact]
    public async Task Human_output_reports_lost_requests_and_token_fetches_per_key()
    {
        var result = await CliRun.RunAsync("--projects", "4", "--requests", "200", "--faults", "none");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("faults none: OK", result.Output);
        Assert.Contains("lost (submitted - completed)", result.Output);
        Assert.Contains("project-01, project-02, project-03", result.Output);
        Assert.Contains("failures: none", result.Output);
        Assert.Contains("latency (calls per bucket", result.Output);
        Assert.Matches(@"│ key-04 +│ project-04 +│ +1 │ +1 │ █·{39} │", result.Output);
    }
}
