using System.Diagnostics.Metrics;

namespace SinchActors.Diagnostics;

/// <summary>
/// One runtime's instruments, on a meter of its own: from the app's <see cref="IMeterFactory"/> when it has one (the
/// factory owns the meter, and a <c>MetricCollector</c> or OpenTelemetry scoped to it sees this runtime; runtimes given
/// the same factory share its meter, as HttpClient's instruments do), else a meter the runtime creates and disposes when
/// it stops. No instrument is process-wide: runtimes with their own meters or factories never mix their measurements.
/// </summary>
internal sealed class RuntimeMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private volatile IRuntimeGauges? _gauges;

    /// <param name="factory">The app's meter factory, or <c>null</c> for a meter of the runtime's own.</param>
    /// <param name="tagsProject">Whether measurements carry the project (<c>sinch-actors.telemetry.include-project-tag</c>).</param>
    public RuntimeMetrics(IMeterFactory? factory, bool tagsProject)
    {
        var options = new MeterOptions(SinchActorsTelemetry.Name) { Version = SinchActorsTelemetry.Version };
        _meter = factory?.Create(options) ?? new Meter(options);
        _ownsMeter = factory is null;
        TagsProject = tagsProject;
        Requests = _meter.CreateCounter<long>("sinch.requests", "{request}", "Requests answered, by project, API, operation, method, outcome and status.");
        RequestDuration = _meter.CreateHistogram<double>("sinch.request.duration", "s", "Time from admission to the answer, retries included.");
        Retries = _meter.CreateCounter<long>("sinch.retries", "{retry}", "Retries scheduled, by project, API, operation and reason.");
        TokenFetches = _meter.CreateCounter<long>("sinch.token.fetches", "{fetch}", "Token-endpoint calls, by project and outcome.");
        TokenFetchDuration = _meter.CreateHistogram<double>("sinch.token.fetch.duration", "s", "Duration of token-endpoint calls.");
        _meter.CreateObservableUpDownCounter("sinch.requests.in_flight", () => Measure(static g => g.InFlight), "{request}",
            "Requests admitted and not yet answered.");
        _meter.CreateObservableUpDownCounter("sinch.projects.active", () => Measure(static g => g.ActiveProjects), "{project}",
            "Projects the runtime currently serves.");
    }

    /// <summary>Whether measurements carry the project.</summary>
    public bool TagsProject { get; }

    public Counter<long> Requests { get; }

    public Histogram<double> RequestDuration { get; }

    public Counter<long> Retries { get; }

    public Counter<long> TokenFetches { get; }

    public Histogram<double> TokenFetchDuration { get; }

    /// <summary>Starts reporting <paramref name="gauges"/> (the runtime, once built).</summary>
    public void Observe(IRuntimeGauges gauges) => _gauges = gauges;

    /// <summary>Stops the gauges; disposes the meter when the runtime created it (a factory's meter is the factory's).</summary>
    public void Dispose()
    {
        _gauges = null;
        if (_ownsMeter)
            _meter.Dispose();
    }

    private IEnumerable<Measurement<long>> Measure(Func<IRuntimeGauges, int> read) =>
        _gauges is { } gauges ? [new Measurement<long>(read(gauges))] : [];
}

/// <summary>What the runtime gauges observe of one runtime.</summary>
internal interface IRuntimeGauges
{
    /// <summary>Requests admitted and not yet answered.</summary>
    int InFlight { get; }

    /// <summary>Projects the runtime serves.</summary>
    int ActiveProjects { get; }
}
