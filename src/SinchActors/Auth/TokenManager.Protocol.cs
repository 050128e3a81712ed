using System.Diagnostics;
using Akka.Actor;
using Akka.Event;

namespace SinchActors.Auth;

// The messages of the token manager (and of the BasicCredentialManager, which answers the same requests).
internal sealed partial class TokenManager
{
    /// <summary>Asks for a credential; the reply (<see cref="CredentialGranted"/> or <see cref="CredentialFailed"/>) goes to the sender.</summary>
    /// <param name="CorrelationId">Echoed in the reply.</param>
    /// <param name="Timeout">The reply comes no later than this (within the scheduler's tick), counted from when the manager receives the request.</param>
    /// <param name="Trace">The asking request's span: a token fetch this request starts is traced as its child.</param>
    public sealed record GetCredential(long CorrelationId, TimeSpan Timeout, ActivityContext Trace = default)
    {
        /// <summary>The project that asks: errors name it (a key may serve many projects).</summary>
        public string? ProjectId { get; init; }

        /// <summary>
        /// Only a generation newer than this will do: the asker's request was rejected (401) with this one, and asking
        /// so reports it rejected, as <see cref="TokenRejected"/> does.
        /// <para>
        /// A 401 is reported twice on purpose, and this is the one place that says why. <see cref="TokenRejected"/>,
        /// told by the attempt that got the 401, is the report: it carries the API's message, and it is sent whether or
        /// not a retry follows (a second 401, a 401 at the deadline, a project moved to another key meanwhile). The
        /// retry's request reports the same generation because in a cluster the two travel different paths: the
        /// node-local stand-in tells the rejection straight to the issuing entity and sends the retry's request
        /// through the shard region, so either may arrive first (and the entity drops a rejection that reaches it
        /// before its manager started). In one process the <see cref="TokenRejected"/> is always first, since it is
        /// told before the retry exists. Whichever arrives first acts: a manager replaces a generation at most once,
        /// so the second report changes nothing. One report would need both on one path across the wire.
        /// </para>
        /// </summary>
        public long NewerThan { get; init; }
    }

    /// <summary>A usable credential for <see cref="GetCredential"/>.</summary>
    public sealed record CredentialGranted(long CorrelationId, IssuedCredential Credential);

    /// <summary>
    /// No credential for <see cref="GetCredential"/>: <see cref="SinchAuthenticationException"/> when the key was
    /// refused or its tokens keep being rejected, <see cref="SinchAuthUnavailableException"/> when the deadline passed
    /// during an outage, <see cref="SinchShutdownException"/> when the manager stopped.
    /// </summary>
    public sealed record CredentialFailed(long CorrelationId, SinchException Error);

    /// <summary>Sinch answered 401 to a request sent with this generation; if it is current, it is dropped and replaced once.</summary>
    /// <param name="Generation">The generation of the rejected credential.</param>
    public sealed record TokenRejected(long Generation)
    {
        /// <summary>The API's own error message, quoted when the key's tokens keep being rejected.</summary>
        public string? ApiMessage { get; init; }
    }

    /// <summary>
    /// Subscribes the sender to the key's credentials: it gets <see cref="CredentialIssued"/> at once when a usable one
    /// exists and for every generation issued after, <see cref="CredentialWithdrawn"/> when one must no longer be
    /// used, and <see cref="CredentialsEnded"/> when the manager stops. Subscribing twice is harmless. Neither side
    /// death-watches the other (a watch costs each idle key about 300 B): subscribers are the runtime's request workers,
    /// which live as long as the managers and stop with them. Basic-mode keys push nothing but the end.
    /// </summary>
    public sealed class SubscribeCredentials
    {
        public static readonly SubscribeCredentials Instance = new();

        private SubscribeCredentials()
        {
        }
    }

    /// <summary>A new generation, pushed to subscribers; usable until its <see cref="IssuedCredential.UsableUntil"/>.</summary>
    public sealed record CredentialIssued(IssuedCredential Credential);

    /// <summary>The generation must no longer be used: rejected, dropped (<see cref="DropToken"/>), the key refused, or the manager stopped.</summary>
    public sealed record CredentialWithdrawn(long Generation);

    /// <summary>The manager stopped: nothing more comes from it, and subscribers forget it.</summary>
    public sealed class CredentialsEnded : IDeadLetterSuppression
    {
        public static readonly CredentialsEnded Instance = new();

        private CredentialsEnded()
        {
        }
    }

    /// <summary>
    /// Replaces the key's secret (rotation, or a fix after a refusal). A token is fetched with it at once while the
    /// current token keeps being handed out; the new secret is used from its first token on.
    /// </summary>
    /// <param name="Credentials">The new credentials (same key ID).</param>
    public sealed record UpdateCredentials(SinchCredentials Credentials)
    {
        /// <summary>
        /// When set, receives <see cref="CredentialsVerified"/> once the new credentials produced a token, or
        /// <see cref="CredentialsRefused"/> when the token endpoint refused them or <see cref="Timeout"/> passed.
        /// </summary>
        public IActorRef? ReportTo { get; init; }

        /// <summary>When set, credentials not verified within this time are given up for the previous ones.</summary>
        public TimeSpan? Timeout { get; init; }
    }

    /// <summary>The credentials of an <see cref="UpdateCredentials"/> produced a token and are now in use.</summary>
    public sealed record CredentialsVerified(SinchCredentials Credentials);

    /// <summary>
    /// The credentials of an <see cref="UpdateCredentials"/> were not taken: <see cref="SinchAuthenticationException"/>
    /// when refused, <see cref="SinchAuthUnavailableException"/> when the timeout passed first. The previous ones stay.
    /// </summary>
    public sealed record CredentialsRefused(SinchCredentials Credentials, SinchException Error);

    /// <summary>
    /// Nobody used the key for a while: stop refreshing and drop the token (and a refusal, so the next request tries
    /// again). Ignored while callers wait or a fetch runs. The fetch budget is kept.
    /// </summary>
    public sealed class DropToken
    {
        public static readonly DropToken Instance = new();

        private DropToken()
        {
        }
    }

    /// <summary>Asks for a <see cref="StateReport"/>: for diagnostics and tests.</summary>
    public sealed class GetState
    {
        public static readonly GetState Instance = new();

        private GetState()
        {
        }
    }

    /// <summary>The manager's state, the generation it hands out (0: none), its waiting callers and its rejected streak.</summary>
    public sealed record StateReport(TokenManagerState State, long Generation, int Waiters, int RejectedStreak);

    private sealed record FetchSucceeded(Fetching Fetch, SinchCredentials Credentials, FetchedToken Token);

    private sealed record FetchFailed(Fetching Fetch, SinchCredentials Credentials, Exception Cause);

    /// <summary>The scheduled token request of <see cref="Cause"/> is due: a new instance per timer, so a replaced one is known by reference.</summary>
    private sealed class FetchDue(FetchCause cause)
    {
        public FetchCause Cause { get; } = cause;
    }

    private sealed class DeadlineDue
    {
        public static readonly DeadlineDue Instance = new();
    }
}

/// <summary>The states of a <see cref="TokenManager"/> (see its summary).</summary>
internal enum TokenManagerState
{
    Idle,
    Fetching,
    Serving,
    BackingOff,
    Refused,
    RejectedByApi,
}
