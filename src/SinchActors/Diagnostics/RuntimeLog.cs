using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace SinchActors.Diagnostics;

/// <summary>Writes <see cref="SinchActorsLogEvents"/> to Microsoft.Extensions.Logging or, without it, to Akka's log.</summary>
internal sealed class RuntimeLog(ILoggerFactory? loggerFactory, ILoggingAdapter akka)
{
    private readonly ILogger? _logger = loggerFactory?.CreateLogger(SinchActorsLogEvents.Category);

    public void Started(int projects, int workers) =>
        Write(LogLevel.Information, SinchActorsLogEvents.Started, "SinchActors started with {Projects} projects and {Workers} request workers.", projects, workers);

    public void Draining(int inFlight, TimeSpan timeout) =>
        Write(LogLevel.Information, SinchActorsLogEvents.Draining, "Draining {InFlight} requests in flight for up to {DrainTimeout}.", inFlight, timeout);

    public void FailingInFlight(int inFlight) =>
        Write(LogLevel.Warning, SinchActorsLogEvents.FailingInFlight, "Failing {InFlight} requests still in flight with SinchShutdownException.", inFlight);

    public void DrainShortened(TimeSpan configured, string phase, TimeSpan phaseTimeout, TimeSpan used) =>
        Write(LogLevel.Warning, SinchActorsLogEvents.DrainShortened,
            "sinch-actors.shutdown.drain-timeout ({Configured}) does not fit akka.coordinated-shutdown.phases.{Phase}.timeout ({PhaseTimeout}); draining for {Used}.",
            configured, phase, phaseTimeout, used);

    public void Stopped() => Write(LogLevel.Information, SinchActorsLogEvents.Stopped, "SinchActors stopped.");

    private void Write(LogLevel level, EventId id, string template, params object[] args)
    {
        if (_logger is not null)
        {
#pragma warning disable CA2254 // the templates are the constants above
            _logger.Log(level, id, template, args);
#pragma warning restore CA2254
            return;
        }
        // Akka's formatter is positional: {Name} placeholders become {0}, {1}, ...
        var index = 0;
        var format = System.Text.RegularExpressions.Regex.Replace(template, @"\{\w+\}", _ => $"{{{index++}}}");
        akka.Log(level switch
        {
            LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
            >= LogLevel.Error => Akka.Event.LogLevel.ErrorLevel,
            _ => Akka.Event.LogLevel.InfoLevel,
        }, format, args);
    }
}
