using System.Globalization;
using SinchActors.Cli.Load;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SinchActors.Cli.Output;

/// <summary>
/// The progress of a load run on a terminal: a Spectre progress bar with the calls (or seconds) done, the
/// percentage, the rate and the time left, and below it a line of counters: failures, calls in flight, token
/// fetches, retries. After Ctrl+C the bar says it is draining.
/// </summary>
internal sealed class LiveProgress(ProgressMeter meter, ITokenFetchLog tokens, bool byDuration, CancellationToken interrupt)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private ProgressSample _sample;

    public async Task<T> ShowWhileAsync<T>(IAnsiConsole ansi, Task<T> run)
    {
        await ansi.Progress()
            .AutoRefresh(false)
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = 30 },
                new PercentageColumn(),
                // While running the current rate; at the end the run's average.
                new TextColumn(() => $"{(run.IsCompleted ? _sample.AveragePerSecond : _sample.PerSecond).ToString("N0", CultureInfo.InvariantCulture)} req/s"),
                new TextColumn(() => _sample.Remaining is { } left ? $"{Clock(left)} left" : "--:-- left"))
            .UseRenderHook((bar, _) => new Rows(bar, new Markup(Counters())))
            .StartAsync(async context =>
            {
                var task = context.AddTask("calls", maxValue: meter.Total);
                while (true)
                {
                    _sample = meter.Sample();
                    task.Value = byDuration ? Math.Min(meter.Total, Math.Floor(_sample.Elapsed.TotalSeconds)) : meter.Counters.Completed;
                    task.Description = Description();
                    context.Refresh();
                    if (run.IsCompleted)
                        return;
                    await Task.WhenAny(run, Task.Delay(Interval));
                }
            });
        return await run;
    }

    private string Description()
    {
        var counters = meter.Counters;
        var done = byDuration
            ? $"{_sample.Elapsed.TotalSeconds:F0}/{meter.Total:F0} s"
            : $"{counters.Completed.ToString("N0", CultureInfo.InvariantCulture)}/{meter.Total.ToString("N0", CultureInfo.InvariantCulture)} calls";
        return interrupt.IsCancellationRequested ? $"[yellow]draining[/] {done}" : done;
    }

    private string Counters()
    {
        var c = meter.Counters;
        var failed = c.Failed == 0 ? "0" : $"[yellow]{c.Failed:N0}[/]";
        return string.Create(CultureInfo.InvariantCulture,
            $"[grey]failed[/] {failed}  [grey]cancelled[/] {c.Cancelled:N0}  [grey]in flight[/] {c.InFlight:N0}  [grey]token fetches[/] {tokens.Total:N0}  [grey]retries[/] {c.Retries:N0}");
    }

    private static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}" : $"{t.Minutes:D2}:{t.Seconds:D2}";

    /// <summary>A column of text computed at each refresh.</summary>
    private sealed class TextColumn(Func<string> text) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) => new Text(text());
    }
}
