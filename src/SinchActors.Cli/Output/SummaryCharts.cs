using System.Globalization;
using System.Text;
using SinchActors.Cli.Load;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SinchActors.Cli.Output;

/// <summary>The pictures of the terminal summary: the latency histogram and each key's token fetches over time.</summary>
internal static class SummaryCharts
{
    /// <summary>Cells of a key's token timeline.</summary>
    public const int TimelineWidth = 40;

    /// <summary>Calls per latency bucket as a bar chart, from the fastest to the slowest bucket that has calls.</summary>
    public static IRenderable Latency(LatencySummary latency)
    {
        var chart = new BarChart().Width(72).Label("[bold]latency[/] (calls per bucket, retries and back-off included)").LeftAlignLabel();
        var buckets = latency.Histogram;
        var first = buckets.ToList().FindIndex(b => b.Count > 0);
        var last = buckets.ToList().FindLastIndex(b => b.Count > 0);
        for (var i = first; first >= 0 && i <= last; i++)
            chart.AddItem(BucketLabel(buckets, i), buckets[i].Count, i == last && buckets[i].UpToMs is null ? Color.Red : Color.Green);
        return chart;
    }

    /// <summary>
    /// One row per access key: its projects, its fetches against the minimum, and a timeline of the run where each
    /// fetch is a mark: <c>█</c> the first fetch or a proactive refresh, <c>!</c> an early one (a 401's replacement
    /// token or a retry after a failed fetch).
    /// </summary>
    public static IRenderable TokenTimeline(TokenFetchSummary tokens, double elapsedSeconds, double lifetimeSeconds)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"token fetches: {tokens.Total:N0} (minimum {tokens.Minimum:N0}, {tokens.Failed:N0} failed; token lifetime {lifetimeSeconds:N0} s)")
            .AddColumn("access key").AddColumn("projects").AddColumn(new TableColumn("fetches").RightAligned())
            .AddColumn(new TableColumn("minimum").RightAligned())
            .AddColumn(new TableColumn($"0 s {new string(' ', TimelineWidth - 10)}{elapsedSeconds,4:F0} s").NoWrap());
        foreach (var key in tokens.ByKey)
        {
            var early = key.Early == 0 ? "" : $" [yellow]({key.Early:N0} early)[/]";
            table.AddRow(new Markup(Markup.Escape(key.KeyId)), new Markup(Markup.Escape(string.Join(", ", key.Projects))),
                new Markup($"{key.Fetches:N0}{early}"), new Markup($"{key.Minimum:N0}"),
                new Markup(TimelineMarkup(key.AtSeconds, elapsedSeconds, lifetimeSeconds)));
        }
        return table;
    }

    /// <summary>The timeline cells of one key, as markup.</summary>
    public static string TimelineMarkup(IReadOnlyList<double> atSeconds, double elapsedSeconds, double lifetimeSeconds)
    {
        var cells = Enumerable.Repeat('·', TimelineWidth).ToArray();
        var early = KeyTokenFetches.EarlyFlags(atSeconds, lifetimeSeconds);
        for (var i = 0; i < atSeconds.Count; i++)
        {
            var cell = elapsedSeconds <= 0 ? 0 : (int)Math.Clamp(atSeconds[i] / elapsedSeconds * TimelineWidth, 0, TimelineWidth - 1);
            if (cells[cell] != '!')
                cells[cell] = early[i] ? '!' : '█';
        }
        var markup = new StringBuilder();
        foreach (var cell in cells)
            markup.Append(cell switch { '!' => "[yellow]![/]", '█' => "[green]█[/]", _ => "[grey]·[/]" });
        return markup.ToString();
    }

    private static string BucketLabel(IReadOnlyList<LatencyBucket> buckets, int i)
    {
        var lower = i == 0 ? 0 : buckets[i - 1].UpToMs!.Value;
        return buckets[i].UpToMs switch
        {
            null => $"> {Ms(lower)}",
            < 1000 and var upper => $"{lower.ToString(CultureInfo.InvariantCulture)}–{Ms(upper)}",
            var upper => $"{Ms(lower)}–{Ms(upper.Value)}",
        };
    }

    private static string Ms(double ms) =>
        ms >= 1000 ? $"{(ms / 1000).ToString(CultureInfo.InvariantCulture)} s" : $"{ms.ToString(CultureInfo.InvariantCulture)} ms";
}
