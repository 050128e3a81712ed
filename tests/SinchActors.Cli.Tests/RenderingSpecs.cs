using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using SinchActors.Cli.Load;
using SinchActors.Cli.Output;
using Spectre.Console;
using Spectre.Console.Testing;

namespace SinchActors.Cli.Tests;

/// <summary>What people see: the progress bar, the charts and the plain lines, on Spectre's fixed-width test console.</summary>
public sealed partial class RenderingSpecs
{
    private readonly FakeTimeProvider _time = new();
    private readonly LoadCounters _counters = new();

    private static LoadPlan Plan(long requests = 1000, TimeSpan? duration = null) =>
        new(Concurrency: 8, requests, duration, LoadMix.ReadOnly, Seed: 1, RatePerSecond: null, DrainTimeout: TimeSpan.FromSeconds(30));

    private void Complete(int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            _counters.OnSubmitted();
            _counters.OnSucceeded(LoadOperation.ListKeys, attempts: 1);
        }
    }

    private static TestConsole Terminal()
    {
        var console = new TestConsole().Width(120).Interactive();
        console.EmitAnsiSequences = true;
        return console;
    }

    private async Task<string[]> RenderProgressAsync(LoadPlan plan, CancellationToken interrupt = default)
    {
        var console = Terminal();
        var meter = new ProgressMeter(plan, _counters, _time);
        _time.Advance(TimeSpan.FromSeconds(10));
        await new LiveProgress(meter, new CountingTokenClient(null!), plan.Duration is not null, interrupt).ShowWhileAsync(console, Task.FromResult(0));
        return Lines(Ansi().Replace(console.Output, ""));
    }

    [Fact]
    public async Task The_progress_bar_of_a_requests_run_shows_calls_done_percentage_rate_and_time_left()
    {
        Complete(500);

        var lines = await RenderProgressAsync(Plan(requests: 1000));

        var bar = lines.Last(l => l.Contains("calls", StringComparison.Ordinal));
        Assert.Matches(@"^500/1,000 calls +━+ +50% 50 req/s 00:10 left$", bar.Trim());
        Assert.Contains(lines, l => l.Trim() == "failed 0  cancelled 0  in flight 0  token fetches 0  retries 0");
    }

    [Fact]
    public async Task The_progress_bar_of_a_duration_run_counts_seconds_and_shows_the_time_left()
    {
        Complete(300);

        var lines = await RenderProgressAsync(Plan(duration: TimeSpan.FromSeconds(40)));

        var bar = lines.Last(l => l.Contains("/40 s", StringComparison.Ordinal));
        Assert.Matches(@"^10/40 s +━+ +25% 30 req/s 00:30 left$", bar.Trim());
    }

    [Fact]
    public async Task After_ctrl_c_the_progress_bar_says_it_is_draining()
    {
        Complete(10);

        var lines = await RenderProgressAsync(Plan(), new CancellationToken(canceled: true));

        Assert.Contains(lines, l => l.TrimStart().StartsWith("draining 10/1,000 calls", StringComparison.Ordinal));
    }

    [Fact]
    public void Redirected_progress_is_one_plain_line_per_interval()
    {
        Complete(3641);
        var meter = new ProgressMeter(Plan(requests: 10_000), _counters, _time);
        _time.Advance(TimeSpan.FromSeconds(4));

        var line = ProgressDisplay.PlainLine(meter.Sample(), _counters, tokenFetches: 9);

        Assert.Equal("[   4.0s] done    3,641  failed     0       910 req/s  in flight    0  token fetches    9  retries     0", line);
    }

    [Fact]
    public void The_latency_chart_has_a_bar_per_bucket_from_the_fastest_to_the_slowest_call()
    {
        var latency = LatencyRecorder.Summarize([0.5, 3, 80, 90, 150, 2_500]);
        var console = new TestConsole().Width(100);

        console.Write(SummaryCharts.Latency(latency));

        var lines = Lines(console.Output);
        Assert.Matches(@"^\s*0–1 ms\s+█*\s?1$", Assert.Single(lines, l => l.Contains("0–1 ms", StringComparison.Ordinal)).TrimEnd());
        Assert.Matches(@"^\s*50–100 ms\s+█+ 2$", Assert.Single(lines, l => l.Contains("50–100 ms", StringComparison.Ordinal)).TrimEnd());
        Assert.Contains(lines, l => l.Contains("10–20 ms", StringComparison.Ordinal)); // empty buckets inside the range stay
        Assert.Contains(lines, l => l.Contains("2 s–5 s", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("5 s–10 s", StringComparison.Ordinal)); // none slower
    }

    [Fact]
    public void The_histogram_counts_each_call_in_the_bucket_of_its_upper_bound()
    {
        var latency = LatencyRecorder.Summarize([1, 1.5, 100, 100.01, 40_000]);

        var counts = latency.Histogram.ToDictionary(b => b.UpToMs ?? double.PositiveInfinity, b => b.Count);
        Assert.Equal(1, counts[1]);
        Assert.Equal(1, counts[2]);
        Assert.Equal(1, counts[100]);
        Assert.Equal(1, counts[200]);
        Assert.Equal(1, counts[double.PositiveInfinity]);
        Assert.Equal(5, latency.Histogram.Sum(b => b.Count));
    }

    [Fact]
    public void A_keys_token_timeline_marks_refreshes_and_early_refetches_where_they_happened()
    {
        // A 20 s token: fetched at the start, refreshed at 80%, replaced early after a 401 at 17.5 s; 40 s run.
        var timeline = Markup.Remove(SummaryCharts.TimelineMarkup([0, 16, 17.5], elapsedSeconds: 40, lifetimeSeconds: 20));

        Assert.Equal("█···············█!" + new string('·', 22), timeline);
    }

    [Fact]
    public void The_token_table_shows_each_keys_fetches_early_ones_and_timeline()
    {
        var tokens = new TokenFetchSummary(4, 0, 2, [new KeyTokenFetches("key-01", ["project-01", "project-02"], 4, 2, 0, 1, [0, 16, 17.5, 33])]);
        var console = new TestConsole().Width(140);

        console.Write(SummaryCharts.TokenTimeline(tokens, elapsedSeconds: 40, lifetimeSeconds: 20));

        var row = Assert.Single(Lines(console.Output), l => l.Contains("key-01", StringComparison.Ordinal));
        Assert.Contains("project-01, project-02", row);
        Assert.Contains("4 (1 early)", row);
        Assert.Contains("│ █···············█!···············█······ │", row);
    }

    private static string[] Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();
}
