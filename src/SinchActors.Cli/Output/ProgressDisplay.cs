using System.Globalization;
using SinchActors.Cli.Configuration;
using SinchActors.Cli.Load;

namespace SinchActors.Cli.Output;

/// <summary>
/// Shows a load run's progress while it runs: a live Spectre progress bar on a terminal, plain periodic lines when
/// stdout is redirected, and plain lines on stderr when stdout carries <c>--json</c>.
/// </summary>
internal sealed class ProgressDisplay(CliConsole console, bool json, LoadPlan plan, LoadCounters counters, ITokenFetchLog tokens)
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);

    public async Task<T> ShowWhileAsync<T>(Task<T> run)
    {
        var meter = new ProgressMeter(plan, counters, TimeProvider.System);
        if (!json && console.OutputIsTerminal)
            return await new LiveProgress(meter, tokens, plan.Duration is not null, console.Interrupt).ShowWhileAsync(CliAnsiConsole.For(console), run);
        var writer = json ? console.Error : console.Output;
        while (await Task.WhenAny(run, Task.Delay(PlainInterval)) != run)
            await writer.WriteLineAsync(PlainLine(meter.Sample(), counters, tokens.Total));
        return await run;
    }

    /// <summary>One progress line for redirected output: <c>[  4.0s] done    3,641  failed     2 …</c>.</summary>
    public static string PlainLine(ProgressSample s, LoadCounters counters, long tokenFetches) =>
        string.Create(CultureInfo.InvariantCulture,
            $"[{s.Elapsed.TotalSeconds,6:F1}s] done {counters.Completed,8:N0}  failed {counters.Failed,5:N0}  {s.PerSecond,8:N0} req/s  in flight {counters.InFlight,4}  token fetches {tokenFetches,4}  retries {counters.Retries,5:N0}");
}
