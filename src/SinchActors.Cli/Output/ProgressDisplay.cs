using System.Globalization;
using SinchActors.Cli.Configuration;
using SinchActors.Cli.Load;
using Spectre.Console;

namespace SinchActors.Cli.Output;

/// <summary>
/// Shows a load run's progress while it runs: a live Spectre table on a terminal, plain periodic lines when stdout
/// is redirected, and plain lines on stderr when stdout carries <c>--json</c>.
/// </summary>
internal sealed class ProgressDisplay(CliConsole console, bool json, LoadCounters counters, CountingTokenClient tokens)
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    public async Task<T> ShowWhileAsync<T>(Task<T> run)
    {
        if (!json && console.OutputIsTerminal)
            return await LiveAsync(run);
        await PlainLinesAsync(run, json ? console.Error : console.Output);
        return await run;
    }

    private async Task<T> LiveAsync<T>(Task<T> run)
    {
        var ansi = CliAnsiConsole.For(console);
        var sampler = new RateSampler(counters);
        await ansi.Live(Render(sampler.Sample())).StartAsync(async live =>
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(LiveInterval));
                live.UpdateTarget(Render(sampler.Sample()));
            }
        });
        return await run;
    }

    private async Task PlainLinesAsync(Task run, TextWriter writer)
    {
        var sampler = new RateSampler(counters);
        while (await Task.WhenAny(run, Task.Delay(PlainInterval)) != run)
        {
            var s = sampler.Sample();
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"[{s.Elapsed.TotalSeconds,6:F1}s] done {counters.Completed,8:N0}  failed {counters.Failed,5:N0}  {s.PerSecond,8:N0} req/s  in flight {counters.InFlight,4}  token fetches {tokens.Total,4}  retries {counters.Retries,5:N0}"));
        }
    }

    private Table Render(RateSample s)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]sinch-actors[/] load")
            .AddColumn("elapsed").AddColumn("done").AddColumn("failed").AddColumn("req/s").AddColumn("in flight")
            .AddColumn("token fetches").AddColumn("retries");
        table.AddRow(
            $"{s.Elapsed.TotalSeconds:F1} s", $"[green]{counters.Completed:N0}[/]", counters.Failed == 0 ? "0" : $"[yellow]{counters.Failed:N0}[/]",
            $"{s.PerSecond:N0}", $"{counters.InFlight:N0}", $"{tokens.Total:N0}", $"{counters.Retries:N0}");
        return table;
    }

    /// <summary>Requests per second over the time since the previous sample.</summary>
    private sealed class RateSampler(LoadCounters counters)
    {
        private readonly long _start = System.Diagnostics.Stopwatch.GetTimestamp();
        private TimeSpan _lastAt;
        private long _lastCompleted;

        public RateSample Sample()
        {
            var now = System.Diagnostics.Stopwatch.GetElapsedTime(_start);
            var completed = counters.Completed;
            var interval = (now - _lastAt).TotalSeconds;
            var rate = interval > 0 ? (completed - _lastCompleted) / interval : 0;
            (_lastAt, _lastCompleted) = (now, completed);
            return new RateSample(now, rate);
        }
    }

    private readonly record struct RateSample(TimeSpan Elapsed, double PerSecond);
}
