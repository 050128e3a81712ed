using Microsoft.Extensions.Logging;

namespace SinchActors.Diagnostics;

/// <summary>
/// The runtime's log events, each with a stable <see cref="EventId"/> (category <c>SinchActors.Runtime</c>): the
/// runtime's lifecycle (10xx), a key's tokens (11xx), circuits (12xx) and credential rotation (13xx). Written to
/// <see cref="Microsoft.Extensions.Logging"/> when the runtime has a logger factory (always when hosted), from the
/// actors too, otherwise to the actor system's log. No secret or token is ever logged.
/// </summary>
public static class SinchActorsLogEvents
{
    /// <summary>The log category of the runtime's own events.</summary>
    public const string Category = "SinchActors.Runtime";

    internal const int StartedId = 1001, DrainingId = 1002, FailingInFlightId = 1003, DrainShortenedId = 1004, StoppedId = 1005;
    internal const int KeyRefusedId = 1101, TokenFetchFailedId = 1102, TokensRejectedByApiId = 1103, TokenFetchRecoveredId = 1104;
    internal const int CircuitOpenedId = 1201, CircuitClosedId = 1202;
    internal const int SecretRotatedId = 1301, SecretRotationFailedId = 1302, KeyRotatedId = 1303, KeyRotationFailedId = 1304;

    /// <summary>1001 (Information): the runtime started (projects, workers).</summary>
    public static readonly EventId Started = new(StartedId, nameof(Started));

    /// <summary>1002 (Information): shutdown began; requests in flight are being drained.</summary>
    public static readonly EventId Draining = new(DrainingId, nameof(Draining));

    /// <summary>1003 (Warning): the drain ended with requests still in flight; they fail with <see cref="SinchShutdownException"/>.</summary>
    public static readonly EventId FailingInFlight = new(FailingInFlightId, nameof(FailingInFlight));

    /// <summary>1004 (Warning): the configured drain timeout does not fit the CoordinatedShutdown phase and was shortened.</summary>
    public static readonly EventId DrainShortened = new(DrainShortenedId, nameof(DrainShortened));

    /// <summary>1005 (Information): the runtime stopped.</summary>
    public static readonly EventId Stopped = new(StoppedId, nameof(Stopped));

    /// <summary>
    /// 1101 (Error): the token endpoint refused an access key (<c>invalid_client</c>, …): its projects' requests fail
    /// with <see cref="SinchAuthenticationException"/> until a probe succeeds or its secret is updated.
    /// </summary>
    public static readonly EventId KeyRefused = new(KeyRefusedId, nameof(KeyRefused));

    /// <summary>1102 (Warning): a token request failed (transport, timeout, 5xx, 429); it is retried with back-off.</summary>
    public static readonly EventId TokenFetchFailed = new(TokenFetchFailedId, nameof(TokenFetchFailed));

    /// <summary>
    /// 1103 (Error): Sinch's API rejected every fresh token of a key (401) before accepting any call: its requests fail
    /// fast, and a probe token is tried every <c>rejected-probe-interval</c>.
    /// </summary>
    public static readonly EventId TokensRejectedByApi = new(TokensRejectedByApiId, nameof(TokensRejectedByApi));

    /// <summary>1104 (Information): a key whose token requests failed (1101, 1102) got a token again.</summary>
    public static readonly EventId TokenFetchRecovered = new(TokenFetchRecoveredId, nameof(TokenFetchRecovered));

    /// <summary>1201 (Warning): the circuit of a (project, API host) opened: its calls there fail fast with <see cref="SinchCircuitOpenException"/>.</summary>
    public static readonly EventId CircuitOpened = new(CircuitOpenedId, nameof(CircuitOpened));

    /// <summary>1202 (Information): an open circuit closed again: a trial call succeeded.</summary>
    public static readonly EventId CircuitClosed = new(CircuitClosedId, nameof(CircuitClosed));

    /// <summary>1301 (Information): a key's new secret produced a token and is in use.</summary>
    public static readonly EventId SecretRotated = new(SecretRotatedId, nameof(SecretRotated));

    /// <summary>1302 (Warning): a key's new secret was refused or produced no token in time; the key keeps its current secret.</summary>
    public static readonly EventId SecretRotationFailed = new(SecretRotationFailedId, nameof(SecretRotationFailed));

    /// <summary>1303 (Information): a project moved to another access key once that key produced a token.</summary>
    public static readonly EventId KeyRotated = new(KeyRotatedId, nameof(KeyRotated));

    /// <summary>1304 (Warning): a project's new key produced no token; the project keeps its current key.</summary>
    public static readonly EventId KeyRotationFailed = new(KeyRotationFailedId, nameof(KeyRotationFailed));
}
