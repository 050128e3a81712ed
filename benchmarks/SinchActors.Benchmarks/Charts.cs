using System.Text.Json.Nodes;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace SinchActors.Benchmarks;

/// <summary>
/// <c>charts</c>: draws <c>benchmarks/charts/*.svg</c> from the scenarios' <c>benchmarks/results/*.json</c> with OxyPlot's
/// managed SVG exporter. A chart whose results file is missing is skipped, except the refresh spread, drawn from a
/// synthetic placeholder that says so in its title until the <c>refresh-spread</c> scenario has run.
/// </summary>
internal static class Charts
{
    private const double Width = 800;
    private const double Height = 450;

    public static void Draw()
    {
        var charts = Path.Combine(Path.GetDirectoryName(BenchResults.Directory)!, "charts");
        Directory.CreateDirectory(charts);
        Draw(charts, "heap-per-project", Read("idle-memory") is { } idle ? HeapPerProject(idle) : null);
        Draw(charts, "refresh-spread", RefreshSpread(Read("refresh-spread")));
        Draw(charts, "steady-state", Read("steady-state") is { } steady ? SteadyState(steady) : null);
    }

    private static void Draw(string folder, string name, PlotModel? model)
    {
        if (model is null)
        {
            Console.WriteLine($"{name}: no results file, skipped");
            return;
        }
        var path = Path.Combine(folder, name + ".svg");
        using (var stream = File.Create(path))
            new SvgExporter { Width = Width, Height = Height, UseVerticalTextAlignmentWorkaround = true, TextMeasurer = new PixelTextMeasurer() }
                .Export(model, stream);
        Console.WriteLine($"{name}: {path}");
    }

    /// <summary>P5: heap per idle project against the number of projects, with the baseline and the 3 KB target.</summary>
    private static PlotModel HeapPerProject(JsonNode idle)
    {
        var model = Model("Heap per idle project (P5)", Stamp(idle), "projects (log scale)", "bytes per project");
        model.Axes[0] = new LogarithmicAxis
        {
            Position = AxisPosition.Bottom, Title = "projects (log scale)", StringFormat = "N0", MajorGridlineStyle = LineStyle.Dot,
            Minimum = 1_000, Maximum = 200_000,
        };
        var runtime = new LineSeries { Title = "SinchActors", MarkerType = MarkerType.Circle, MarkerSize = 5 };
        var baseline = new LineSeries { Title = "baseline (emulator + raw client)", MarkerType = MarkerType.Square, MarkerSize = 4 };
        foreach (var point in idle["points"]!.AsArray())
        {
            var projects = point!["projects"]!.GetValue<double>();
            runtime.Points.Add(new DataPoint(projects, point["bytesPerProject"]!.GetValue<double>()));
            baseline.Points.Add(new DataPoint(projects, point["baselineBytesPerProject"]!.GetValue<double>()));
        }
        model.Series.Add(runtime);
        model.Series.Add(baseline);
        model.Annotations.Add(Limit(3_072, "target 3,072 B"));
        model.Axes[1].Minimum = 0;
        return model;
    }

    /// <summary>Token requests per second while 100,000 keys refresh, with the global cap as a line.</summary>
    private static PlotModel RefreshSpread(JsonNode? spread)
    {
        var placeholder = spread is null;
        spread ??= SyntheticRefreshSpread();
        var projects = spread["projects"]!.GetValue<int>();
        var model = placeholder
            ? Model("PLACEHOLDER, synthetic data", "run the refresh-spread scenario to draw the measured chart", "second", "token requests per second")
            : Model($"Token requests per second, {projects:N0} projects", $"{spread["lifetimeSeconds"]} s tokens; {Stamp(spread)}", "second", "token requests per second");
        var series = new StairStepSeries { Title = "token requests" };
        foreach (var point in spread["series"]!.AsArray())
            series.Points.Add(new DataPoint(point!["second"]!.GetValue<double>(), point["tokenRequests"]!.GetValue<double>()));
        model.Series.Add(series);
        var cap = spread["capPerSecond"]!.GetValue<double>();
        model.Annotations.Add(Limit(cap, $"cap {cap:N0}/s"));
        model.Axes[1].Minimum = 0;
        model.Axes[1].Maximum = Math.Max(cap, series.Points.Max(p => p.Y)) * 1.2; // a burst above the cap stays in view
        return model;
    }

    /// <summary>P3: each key's token requests so far, and the bound (lifetimes begun + 1) from the earliest first token.</summary>
    private static PlotModel SteadyState(JsonNode steady)
    {
        var inputs = steady["inputs"]!;
        var lifetime = inputs["lifetimeSeconds"]!.GetValue<double>();
        var model = Model($"Token requests per key, {lifetime} s tokens (P3)", $"{inputs["projects"]} keys, {inputs["seconds"]} s of load; {Stamp(steady)}", "second", "token requests so far");
        var keys = steady["outputs"]!["keys"]!.AsArray();
        var end = steady["outputs"]!["elapsedSeconds"]!.GetValue<double>();
        foreach (var key in keys)
        {
            var series = new StairStepSeries { Title = key!["keyId"]!.GetValue<string>(), StrokeThickness = 1 };
            var count = 0;
            series.Points.Add(new DataPoint(0, 0));
            foreach (var at in key["requestSeconds"]!.AsArray())
                series.Points.Add(new DataPoint(at!.GetValue<double>(), ++count));
            series.Points.Add(new DataPoint(end, count));
            model.Series.Add(series);
        }
        var first = keys.Min(k => k!["firstTokenSecond"]!.GetValue<double>());
        var bound = new StairStepSeries { Title = "bound", LineStyle = LineStyle.Dash, Color = OxyColors.Red, StrokeThickness = 2 };
        for (var t = first; t < end; t += lifetime)
            bound.Points.Add(new DataPoint(t, Math.Floor((t - first) / lifetime) + 2));
        bound.Points.Add(new DataPoint(end, Math.Ceiling((end - first) / lifetime) + 1));
        model.Series.Add(bound);
        model.Axes[1].Minimum = 0;
        return model;
    }

    private static PlotModel Model(string title, string subtitle, string x, string y)
    {
        // Arial: the SVG exporter measures text with Helvetica metrics, which Arial matches.
        var model = new PlotModel { Title = title, Subtitle = subtitle, DefaultFont = "Arial", TitleFontSize = 14, Background = OxyColors.White };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = x, MajorGridlineStyle = LineStyle.Dot });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = y, StringFormat = "N0", MajorGridlineStyle = LineStyle.Dot });
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.TopLeft, LegendBackground = OxyColor.FromAColor(220, OxyColors.White), LegendBorder = OxyColors.Gray });
        return model;
    }

    private static LineAnnotation Limit(double y, string text) => new()
    {
        Type = LineAnnotationType.Horizontal, Y = y, Text = text, Color = OxyColors.Red, LineStyle = LineStyle.Dash, StrokeThickness = 1.5,
    };

    private static string Stamp(JsonNode results) => $"{results["date"]?.GetValue<string>()?[..10]}, commit {results["commit"]}";

    private static JsonNode? Read(string scenario)
    {
        var path = Path.Combine(BenchResults.Directory, scenario + ".json");
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
    }

    /// <summary>
    /// The exporter's default measurer is the PDF context, which measures in points (1/72 in) while the SVG is laid
    /// out in pixels (1/96 in): without the 4/3 text overflows legends and axis titles overlap the tick labels.
    /// </summary>
    private sealed class PixelTextMeasurer() : PdfRenderContext(Width, Height, OxyColors.White)
    {
        public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
        {
            var size = base.MeasureText(text, fontFamily, fontSize, fontWeight);
            return new OxySize(size.Width * 4 / 3, size.Height * 4 / 3);
        }
    }

    /// <summary>Not a measurement: an even spread with a little noise, only so the chart's shape can be checked.</summary>
    private static JsonNode SyntheticRefreshSpread()
    {
        var random = new Random(13);
        var series = new JsonArray();
        for (var second = 0; second < 120; second++)
            series.Add(new JsonObject { ["second"] = second, ["tokenRequests"] = 28 + random.Next(0, 5) });
        var synthetic = new JsonObject
        {
            ["date"] = "placeholder", ["commit"] = "none", ["projects"] = 100_000, ["lifetimeSeconds"] = 3600,
            ["capPerSecond"] = 40, ["series"] = series,
        };
        return JsonNode.Parse(synthetic.ToJsonString())!; // read back as from a file, so numbers convert as there
    }
}
