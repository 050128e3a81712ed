using SinchActors.Cli.Configuration;
using SinchActors.Cli.Load;

namespace SinchActors.Cli.Output;

/// <summary>
/// Runs the load engine with progress on screen (past the plan's end until <c>holdOpen</c> completes, when given),
/// then (once <c>afterLoad</c> completed) prints the summary and returns its exit code.
/// </summary>
internal static class LoadRun
{
    public static async Task<int> ExecuteAsync(CliConsole console, LoadPlan plan, LoadCalls calls, IReadOnlyList<LoadProject> projects,
        ITokenFetchLog tokens, LoadReport report, bool json, Func<Task>? afterLoad = null, Task? holdOpen = null)
    {
        using var retryReasons = new RetryReasonListener();
        var counters = new LoadCounters();
        var engine = new LoadEngine(plan, calls, projects, counters);
        var outcome = await new ProgressDisplay(console, json, plan, counters, tokens).ShowWhileAsync(engine.RunAsync(console.Interrupt, holdOpen));
        if (afterLoad is not null)
            await afterLoad();
        var summary = report.Summarize(plan, outcome, counters, tokens, retryReasons);
        SummaryRenderer.Write(console, summary, json);
        if (summary.Verdict is { } reason)
            await console.Error.WriteLineAsync($"sinch-actors: {summary.Command} failed: {reason}");
        return summary.ExitCode;
    }
}
