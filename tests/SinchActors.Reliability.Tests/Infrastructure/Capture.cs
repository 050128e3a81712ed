using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>
/// Everything the process says while it is open: log lines (Microsoft.Extensions.Logging, where the hosted runtime
/// also sends Akka's events), the SinchActors activities' and metrics' tags, and, from HttpClient's diagnostics, the
/// bearer tokens the runtime sent (the secrets to look for).
/// </summary>
internal sealed class Capture : ILoggerProvider, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _metrics = new();
    private readonly IDisposable _listeners;
    private readonly List<IDisposable> _subscriptions = [];

    public Capture()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "SinchActors",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                foreach (var tag in activity.TagObjects)
                    Texts.Enqueue($"activity {activity.OperationName} {tag.Key}={tag.Value}");
                Texts.Enqueue($"activity {activity.OperationName} {activity.DisplayName} {activity.StatusDescription}");
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _metrics.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "SinchActors")
                listener.EnableMeasurementEvents(instrument);
        };
        _metrics.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        _metrics.SetMeasurementEventCallback<int>((instrument, _, tags, _) => Record(instrument, tags));
        _metrics.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        _metrics.Start();
        _listeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Every captured text: log lines, exception texts added by the test, activity and metric tags.</summary>
    public ConcurrentQueue<string> Texts { get; } = new();

    public int LogLines;

    public int Tags;

    /// <summary>Bearer tokens seen on outgoing requests.</summary>
    public ConcurrentDictionary<string, bool> BearerTokens { get; } = new();

    /// <summary>Basic credentials (base64 of key ID:secret) seen on outgoing requests: token requests and Basic-mode calls.</summary>
    public ConcurrentDictionary<string, bool> BasicCredentials { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        _activities.Dispose();
        _metrics.Dispose();
        _listeners.Dispose();
        lock (_subscriptions)
            _subscriptions.ForEach(s => s.Dispose());
    }

    private void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            Interlocked.Increment(ref Tags);
            Texts.Enqueue($"metric {instrument.Name} {tag.Key}={tag.Value}");
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "HttpHandlerDiagnosticListener")
            lock (_subscriptions)
                _subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage { Headers.Authorization: { Parameter: { } credential } authorization })
            (authorization.Scheme == "Basic" ? BasicCredentials : BearerTokens)[credential] = true;
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    private sealed class Logger(Capture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref capture.LogLines);
            capture.Texts.Enqueue($"log {category} {formatter(state, exception)} {exception}");
        }
    }
}
