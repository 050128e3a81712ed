using Akka.Event;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static SinchActors.Diagnostics.SinchActorsLogEvents;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace SinchActors.Diagnostics;

/// <summary>
/// Writes one runtime's <see cref="SinchActorsLogEvents"/>, from the runtime and from its actors (the registry and
/// the token managers reach it through the runtime's <see cref="Auth.TokenFetcher"/>), to Microsoft.Extensions.Logging
/// or, without a logger factory, to the actor system's log. Thread-safe; each event is a generated
/// <see cref="LoggerMessageAttribute"/> method, so a disabled level costs a check and nothing else.
/// </summary>
internal sealed partial class RuntimeLog
{
    private readonly ILogger _logger;

    public RuntimeLog(ILoggerFactory? loggerFactory, ILoggingAdapter akka)
        : this(loggerFactory?.CreateLogger(Category) ?? new AkkaLogger(akka))
    {
    }

    private RuntimeLog(ILogger logger) => _logger = logger;

    /// <summary>Writes nowhere: for parts built without a runtime (specs).</summary>
    public static RuntimeLog Silent { get; } = new(NullLogger.Instance);

    [LoggerMessage(StartedId, LogLevel.Information, "SinchActors started with {Projects} projects and {Workers} request workers.", EventName = nameof(Started))]
    public partial void Started(int projects, int workers);

    [LoggerMessage(DrainingId, LogLevel.Information, "Draining {InFlight} requests in flight for up to {DrainTimeout}.", EventName = nameof(Draining))]
    public partial void Draining(int inFlight, TimeSpan drainTimeout);

    [LoggerMessage(FailingInFlightId, LogLevel.Warning, "Failing {InFlight} requests still in flight with SinchShutdownException.", EventName = nameof(FailingInFlight))]
    public partial void FailingInFlight(int inFlight);

    [LoggerMessage(DrainShortenedId, LogLevel.Warning,
        "sinch-actors.shutdown.drain-timeout ({Configured}) does not fit akka.coordinated-shutdown.phases.{Phase}.timeout ({PhaseTimeout}); draining for {Used}.",
        EventName = nameof(DrainShortened))]
    public partial void DrainShortened(TimeSpan configured, string phase, TimeSpan phaseTimeout, TimeSpan used);

    [LoggerMessage(StoppedId, LogLevel.Information, "SinchActors stopped.", EventName = nameof(Stopped))]
    public partial void Stopped();

    [LoggerMessage(KeyRefusedId, LogLevel.Error,
        "Key {KeyId}: the token endpoint refused it ({Reason}); its requests fail with SinchAuthenticationException. Trying again in {RetryIn} or when its secret is updated.",
        EventName = nameof(KeyRefused))]
    public partial void KeyRefused(string keyId, string reason, TimeSpan retryIn);

    [LoggerMessage(TokenFetchFailedId, LogLevel.Warning, "Key {KeyId}: token request failed ({Failures} in a row): {Reason}. Retrying in {RetryIn}.",
        EventName = nameof(TokenFetchFailed))]
    public partial void TokenFetchFailed(string keyId, int failures, string reason, TimeSpan retryIn);

    [LoggerMessage(TokensRejectedByApiId, LogLevel.Error,
        "Key {KeyId}: Sinch's API rejected {Rejected} fresh tokens in a row before accepting any call ({ApiMessage}). Failing its requests fast and probing with a new token every {ProbeInterval}.",
        EventName = nameof(TokensRejectedByApi))]
    public partial void TokensRejectedByApi(string keyId, int rejected, string apiMessage, TimeSpan probeInterval);

    [LoggerMessage(TokenFetchRecoveredId, LogLevel.Information, "Key {KeyId}: token issued again after failed token requests (last: {LastFailure}).",
        EventName = nameof(TokenFetchRecovered))]
    public partial void TokenFetchRecovered(string keyId, string lastFailure);

    [LoggerMessage(CircuitOpenedId, LogLevel.Warning,
        "The circuit of project {ProjectId} at {Host} opened: its calls there fail fast with SinchCircuitOpenException until a trial call succeeds.",
        EventName = nameof(CircuitOpened))]
    public partial void CircuitOpened(string projectId, string host);

    [LoggerMessage(CircuitClosedId, LogLevel.Information, "The circuit of project {ProjectId} at {Host} closed.", EventName = nameof(CircuitClosed))]
    public partial void CircuitClosed(string projectId, string host);

    [LoggerMessage(SecretRotatedId, LogLevel.Information, "Key {KeyId}: its new secret produced a token and is in use.", EventName = nameof(SecretRotated))]
    public partial void SecretRotated(string keyId);

    [LoggerMessage(SecretRotationFailedId, LogLevel.Warning, "Key {KeyId} keeps its current secret: the new one did not produce a token ({Reason}).",
        EventName = nameof(SecretRotationFailed))]
    public partial void SecretRotationFailed(string keyId, string reason);

    [LoggerMessage(KeyRotatedId, LogLevel.Information, "Project {ProjectId} now uses key {KeyId}.", EventName = nameof(KeyRotated))]
    public partial void KeyRotated(string projectId, string keyId);

    [LoggerMessage(KeyRotationFailedId, LogLevel.Warning, "Project {ProjectId} keeps its current key: key {KeyId} did not produce a token ({Reason}).",
        EventName = nameof(KeyRotationFailed))]
    public partial void KeyRotationFailed(string projectId, string keyId, string reason);

    /// <summary>The actor system's log as an <see cref="ILogger"/>: the formatted message at the matching Akka level.</summary>
    private sealed class AkkaLogger(ILoggingAdapter akka) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && akka.IsEnabled(Level(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                akka.Log(Level(logLevel), "{0}", new object[] { formatter(state, exception) }); // the message may hold braces: never a format
        }

        private static Akka.Event.LogLevel Level(LogLevel level) => level switch
        {
            <= LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
            LogLevel.Information => Akka.Event.LogLevel.InfoLevel,
            LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
            _ => Akka.Event.LogLevel.ErrorLevel,
        };
    }
}
