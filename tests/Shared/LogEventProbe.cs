using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SinchActors.Testing;

/// <summary>
/// A logger provider a spec awaits log events with: the first event of each ID in one category (the runtime's are
/// in <c>SinchActorsLogEvents.Category</c>), with its message. Shared by the test assemblies as a linked source file.
/// </summary>
internal sealed class LogEventProbe(string category) : ILoggerProvider
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource<Entry>> _events = new();

    /// <summary>The message of the first event <paramref name="id"/>; completes when it is written.</summary>
    public async Task<string> Written(EventId id) => (await First(id).ConfigureAwait(false)).Message;

    /// <summary>The first event <paramref name="id"/> as written (its ID with its name, level and message); completes when it is written.</summary>
    public Task<Entry> First(EventId id) => Event(id.Id).Task;

    public ILogger CreateLogger(string categoryName) => categoryName == category ? new Logger(this) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private TaskCompletionSource<Entry> Event(int id) =>
        _events.GetOrAdd(id, static _ => new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>A log event as written.</summary>
    public sealed record Entry(EventId Id, LogLevel Level, string Message);

    private sealed class Logger(LogEventProbe probe) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            probe.Event(eventId.Id).TrySetResult(new Entry(eventId, logLevel, formatter(state, exception)));
    }
}
