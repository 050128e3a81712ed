using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SinchActors.Cli.Load;

/// <summary>
/// Counts the runtime's retries by reason from its <c>sinch.retries</c> counter (meter <c>SinchActors</c>, tag
/// <c>sinch.retry.reason</c>), matched by name so the CLI also builds against a runtime without metrics; then
/// <see cref="Published"/> stays false and the summary falls back to the emulator's answers.
/// Meter listeners see the whole process: two runs in one process would count each other's retries.
/// </summary>
internal sealed class RetryReasonListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);

    public RetryReasonListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "SinchActors", Name: "sinch.retries" })
            {
                Published = true;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var reason = "unknown";
            foreach (var tag in tags)
            {
                if (tag is { Key: "sinch.retry.reason", Value: { } r })
                    reason = r.ToString() ?? reason;
            }
            _byReason.AddOrUpdate(reason, value, (_, n) => n + value);
        });
        _listener.Start();
    }

    /// <summary>Whether the runtime publishes retry metrics.</summary>
    public bool Published { get; private set; }

    public Dictionary<string, long> ByReason() => new(_byReason.OrderBy(r => r.Key, StringComparer.Ordinal));

    public void Dispose() => _listener.Dispose();
}
