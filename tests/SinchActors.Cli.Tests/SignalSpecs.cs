using System.Diagnostics;
using SinchActors.Cli.Configuration;
using SinchActors.Emulator;
using SinchActors.Emulator.Faults;

namespace SinchActors.Cli.Tests;

/// <summary>Ctrl+C as a person presses it: real signals to the real <c>sinch-actors</c> process.</summary>
public sealed class SignalSpecs
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private static bool IsProgressLine(string line) => line.StartsWith('[') && line.Contains(" done ", StringComparison.Ordinal);

    [Fact]
    public async Task The_first_sigint_drains_the_calls_in_flight_prints_the_partial_summary_and_exits_with_130()
    {
        var drainTimeout = TimeSpan.FromSeconds(10);
        using var cli = CliProcess.Start(null, "demo", "--projects", "5", "--requests", "1000000", "--concurrency", "64",
            "--faults", "none", "--drain-timeout", "10s", "--json");
        await cli.WaitForLineAsync(IsProgressLine, StartDeadline);

        cli.Signal(CliProcess.SigInt);
        var signalled = Stopwatch.StartNew();
        var exitCode = await cli.WaitForExitAsync(drainTimeout + TimeSpan.FromSeconds(5));

        Assert.Null(cli.Json.GetProperty("verdict").GetString()); // says why, should the run have failed
        Assert.Equal(ExitCodes.Interrupted, exitCode);
        Assert.InRange(signalled.Elapsed, TimeSpan.Zero, drainTimeout + TimeSpan.FromSeconds(5));
        Assert.Contains("Stopping: draining in-flight calls", cli.Error);
        var summary = cli.Json;
        Assert.True(summary.GetProperty("interrupted").GetBoolean());
        Assert.Equal(ExitCodes.Interrupted, summary.GetProperty("exitCode").GetInt32());
        var requests = summary.GetProperty("requests");
        Assert.Equal(0, requests.GetProperty("lost").GetInt64());
        Assert.InRange(requests.GetProperty("submitted").GetInt64(), 1, 999_999);
        // The 64 calls in flight at the signal finished: they take milliseconds, far below the drain timeout.
        Assert.Equal(0, requests.GetProperty("cancelled").GetInt64());
        var failures = summary.GetProperty("failures");
        Assert.False(failures.GetProperty("byKind").TryGetProperty("SinchShutdownException", out _), failures.ToString());
        Assert.Equal(0, failures.GetProperty("unexpected").GetInt64());
    }

    [Fact]
    public async Task A_second_sigint_exits_at_once_while_run_is_still_draining_a_slow_target()
    {
        // Every API call takes 20 s, so the drain after the first signal is still waiting when the second arrives.
        await using var emulator = await SinchEmulator.StartAsync(new EmulatorOptions
        {
            Faults = new FaultSettings { Rules = [new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.Api, LatencyMs = 20_000 }] },
        });
        emulator.SeedKey("acme", "acme-key", "acme-secret-value");
        var environment = new Dictionary<string, string>
        {
            ["SINCH_PROJECT_ID"] = "acme", ["SINCH_KEY_ID"] = "acme-key", ["SINCH_KEY_SECRET"] = "acme-secret-value",
        };
        using var cli = CliProcess.Start(environment, "run", "--auth-url", emulator.TokenUrl.ToString(), "--api-url", emulator.BaseUrl.ToString(),
            "--requests", "1000", "--concurrency", "4", "--rate", "100", "--drain-timeout", "60s", "--json");
        await cli.WaitForLineAsync(IsProgressLine, StartDeadline);
        cli.Signal(CliProcess.SigInt);
        await cli.WaitForLineAsync(line => line.StartsWith("Stopping", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        cli.Signal(CliProcess.SigInt);
        var exitCode = await cli.WaitForExitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(ExitCodes.Interrupted, exitCode);
        Assert.Contains("exiting at once", cli.Error);
        Assert.Equal("", cli.Output); // killed mid-drain: no summary
    }

    [Fact]
    public async Task Sigterm_drains_like_the_first_ctrl_c()
    {
        using var cli = CliProcess.Start(null, "demo", "--projects", "2", "--duration", "10m", "--concurrency", "8", "--faults", "none", "--json");
        await cli.WaitForLineAsync(IsProgressLine, StartDeadline);

        cli.Signal(CliProcess.SigTerm);
        var exitCode = await cli.WaitForExitAsync(TimeSpan.FromSeconds(35));

        Assert.Equal(ExitCodes.Interrupted, exitCode);
        Assert.True(cli.Json.GetProperty("interrupted").GetBoolean());
        Assert.Equal(0, cli.Json.GetProperty("requests").GetProperty("failed").GetInt64());
    }
}
