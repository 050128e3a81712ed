using System.Text.Json;
using SinchActors.Cli.Configuration;
using SinchActors.Cli.Load;
using Spectre.Console;

namespace SinchActors.Cli.Output;

/// <summary>Prints a <see cref="LoadSummary"/>: tables for people, or one JSON object for <c>--json</c>.</summary>
internal static class SummaryRenderer
{
    private static string Counts(string label, Dictionary<string, long>? counts) =>
        counts is { Count: > 0 } ? $"{label} {string.Join(", ", counts.Select(x => $"{x.Key} x{x.Value:N0}"))}" : "";

    public static void Write(CliConsole console, LoadSummary summary, bool json)
    {
        if (json)
        {
            console.Output.WriteLine(JsonSerializer.Serialize(summary, CliJsonContext.Default.LoadSummary));
            return;
        }

        var ansi = CliAnsiConsole.For(console);
        var r = summary.Requests;
        var verdict = summary.ExitCode switch
        {
            ExitCodes.Success => "[green]OK[/]",
            ExitCodes.Interrupted => "[yellow]INTERRUPTED[/] (partial summary)",
            _ => "[red]FAILED[/]",
        };
        ansi.MarkupLine($"[bold]sinch-actors {summary.Command}[/] against {Markup.Escape(summary.Target)}, faults {summary.Faults}: {verdict}");

        var totals = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("").RightAligned()).HideHeaders();
        totals.AddRow("projects / access keys", $"{summary.Projects} / {summary.Keys}");
        totals.AddRow("concurrency", $"{summary.Concurrency}");
        totals.AddRow("elapsed", $"{summary.ElapsedSeconds:F2} s");
        totals.AddRow("submitted", $"{r.Submitted:N0}");
        totals.AddRow("succeeded", $"{r.Succeeded:N0}");
        totals.AddRow("failed", $"{r.Failed:N0}");
        totals.AddRow("cancelled", $"{r.Cancelled:N0}");
        totals.AddRow("[bold]lost (submitted - completed)[/]", r.Lost == 0 ? "[green]0[/]" : $"[red]{r.Lost:N0}[/]");
        totals.AddRow("throughput", $"{summary.ThroughputPerSecond:N0} req/s");
        totals.AddRow("latency p50 / p95 / p99 / max", $"{summary.LatencyMs.P50:F1} / {summary.LatencyMs.P95:F1} / {summary.LatencyMs.P99:F1} / {summary.LatencyMs.Max:F0} ms");
        ansi.Write(totals);
        ansi.Write(SummaryCharts.Latency(summary.LatencyMs));

        var calls = new Table().Border(TableBorder.Rounded);
        foreach (var operation in summary.Operations)
            calls.AddColumn(new TableColumn(operation.Key).RightAligned());
        calls.AddRow(summary.Operations.Values.Select(count => $"{count:N0}").ToArray());
        ansi.Write(calls);

        ansi.Write(SummaryCharts.TokenTimeline(summary.TokenFetches, summary.ElapsedSeconds, summary.TokenTtlSeconds ?? 0));
        ansi.MarkupLine("[grey]Beyond the minimum: each key's refresh at 80% of the lifetime ([green]█[/]), and one fetch per rejected (401) token or failed fetch ([yellow]![/], early).[/]");

        if (summary.Cluster is { } cluster)
            ansi.Write(ClusterTable(cluster));

        ansi.MarkupLine(Markup.Escape($"retries: {summary.Retries.Total:N0} (attempts beyond the first){Counts("; by reason", summary.Retries.ByReason)}"));
        if (summary.ServerAnswers is { Count: > 0 } answers)
            ansi.MarkupLine(Markup.Escape($"emulator's non-2xx answers (each caused a retry or a failure){Counts(":", answers)}"));

        var f = summary.Failures;
        if (f.Total == 0)
        {
            ansi.MarkupLine("failures: none");
            return;
        }
        var failures = new Table().Border(TableBorder.Rounded)
            .Title(f.Unexpected == 0 ? "failures (all of kinds the fault profile causes)" : $"failures ({f.Unexpected:N0} unexpected)")
            .AddColumn("kind").AddColumn(new TableColumn("count").RightAligned());
        foreach (var (kind, count) in f.ByKind)
            failures.AddRow(Markup.Escape(kind), $"{count:N0}");
        ansi.Write(failures);
    }

    /// <summary>
    /// The nodes of <c>demo --nodes N</c>, the one killed or each restart, the managers that moved and the token
    /// requests against their bound.
    /// </summary>
    private static Table ClusterTable(ClusterSummary cluster)
    {
        var nodes = $"cluster: {cluster.Nodes.Count} nodes{(cluster.Tls ? " over TLS" : "")}";
        var moved = $"{cluster.ManagersMoved} token managers moved" + (cluster.MovedKeys.Count > 0 ? $" ({string.Join(", ", cluster.MovedKeys)})" : "");
        var title = (cluster.Killed, cluster.Restarts.Count) switch
        {
            ({ } killed, _) => $"{nodes}, {killed} killed at {cluster.KilledAtSeconds:F1} s, {moved}",
            (null, > 0) => $"{nodes}, rolling restart: " +
                           string.Join("; ", cluster.Restarts.Select(r => $"{r.Node} left at {r.StoppedAtSeconds:F1} s, back at {r.RejoinedAtSeconds:F1} s")) +
                           $"; {moved}",
            _ => $"{nodes}, none killed or restarted",
        };
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title))
            .AddColumn("node").AddColumn("address").AddColumn(new TableColumn(cluster.Restarts.Count > 0 ? "managers at first restart" : "managers half-way").RightAligned())
            .AddColumn(new TableColumn("calls").RightAligned()).AddColumn(new TableColumn("failed").RightAligned()).AddColumn("");
        foreach (var node in cluster.Nodes)
            table.AddRow(Markup.Escape(node.Name), Markup.Escape(node.Address), node.Managers?.ToString("N0") ?? "?", $"{node.Calls:N0}", $"{node.Failed:N0}",
                node.Killed ? "[red]killed[/]" : cluster.Restarts.Any(r => r.Node == node.Name) ? "restarted" : "");
        var within = cluster.TokenRequests <= cluster.TokenRequestsAllowed ? "[green]within[/]" : "[red]over[/]";
        var incomplete = cluster.RestartFailure is { } failure ? $"; [red]rolling restart incomplete[/]: {Markup.Escape(failure)}" : "";
        table.Caption($"token requests at the emulator: {cluster.TokenRequests:N0}, {within} the {cluster.TokenRequestsAllowed:N0} allowed " +
                      $"({Markup.Escape(cluster.TokenRequestBound)}); failed calls on the survivors: {cluster.FailedOnSurvivors:N0}{incomplete}");
        return table;
    }
}
