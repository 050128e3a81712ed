using Microsoft.Extensions.Logging;

namespace SinchActors.Diagnostics;

/// <summary>
/// The runtime's own log events, each with a stable <see cref="EventId"/> (category <c>SinchActors.Runtime</c>).
/// Written to <see cref="Microsoft.Extensions.Logging"/> when the runtime has a logger factory (always when hosted),
/// otherwise to the actor system's log. Actor log events (token managers, the registry) reach
/// Microsoft.Extensions.Logging through Akka.Hosting's logger bridge. No secret or token is ever logged.
/// </summary>
public static class SinchActorsLogEvents
{
    /// <summary>The log category of the runtime's own events.</summary>
    public const string Category = "SinchActors.Runtime";

    /// <summary>1001: the runtime started (projects, workers).</summary>
    public static readonly EventId Started = new(1001, nameof(Started));

    /// <summary>1002: shutdown began; requests in flight are being drained.</summary>
    public static readonly EventId Draining = new(1002, nameof(Draining));

    /// <summary>1003: the drain ended with requests still in flight; they fail with <see cref="SinchShutdownException"/>.</summary>
    public static readonly EventId FailingInFlight = new(1003, nameof(FailingInFlight));

    /// <summary>1004: the configured drain timeout does not fit the CoordinatedShutdown phase and was shortened.</summary>
    public static readonly EventId DrainShortened = new(1004, nameof(DrainShortened));

    /// <summary>1005: the runtime stopped.</summary>
    public static readonly EventId Stopped = new(1005, nameof(Stopped));
}
