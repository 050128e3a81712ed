using System.Net.Http.Headers;
using Akka.Actor;
using SinchActors.Auth;

namespace SinchActors.Cluster.Wire;

/// <summary>
/// A message for the token manager of one access key, routed by the shard region to wherever that key's manager
/// lives. It carries the key's credentials only when its sender was told the manager must start
/// (<see cref="CredentialsNeeded"/>): the secret crosses the network when a manager starts, not on every message.
/// </summary>
/// <param name="EntityId">The key's entity ID (<c>keyId@tokenUrl</c>).</param>
/// <param name="Credentials">The key's credentials, to start its manager with; <c>null</c> on every other message.</param>
/// <param name="Payload">A <see cref="Subscribe"/>, <see cref="AskCredential"/>, <see cref="UpdateKey"/> or <see cref="GetKeyState"/>.</param>
internal sealed record KeyEnvelope(string EntityId, SinchCredentials? Credentials, ISinchClusterMessage Payload) : ISinchClusterMessage;

/// <summary>
/// The answer to a <see cref="KeyEnvelope"/> without credentials that reached an entity whose manager is not running
/// (the key's first use, or its shard moved): the payload comes back untouched, and its sender sends it again with
/// the credentials. The entity acted on nothing, so the payload is neither lost nor done twice.
/// </summary>
internal sealed record CredentialsNeeded(ISinchClusterMessage Payload) : ISinchClusterMessage;

/// <summary>A node's stand-in subscribes to the key's credentials; answered with <see cref="Subscribed"/>, then <see cref="Issued"/> pushes.</summary>
internal sealed class Subscribe : ISinchClusterMessage
{
    public static readonly Subscribe Instance = new();
}

/// <summary>The node no longer uses the key (idle, or its projects were removed).</summary>
internal sealed class Unsubscribe : ISinchClusterMessage
{
    public static readonly Unsubscribe Instance = new();
}

/// <summary>The manager's host took the subscription; its sender is the host, which the subscriber death-watches.</summary>
internal sealed class Subscribed : ISinchClusterMessage
{
    public static readonly Subscribed Instance = new();
}

/// <summary>A credential request of a node on a cache miss; answered with <see cref="Granted"/> or <see cref="Failed"/>.</summary>
internal sealed record AskCredential(long CorrelationId, TimeSpan Timeout, string? ProjectId, long NewerThan) : ISinchClusterMessage;

/// <summary>The serializable form of an <see cref="IssuedCredential"/>: the header, how long it stays usable and who issued it.</summary>
/// <param name="Generation">The generation at its manager.</param>
/// <param name="Authorization">The ready-made <c>Authorization</c> header.</param>
/// <param name="UsableFor">Time left until it must no longer be handed out, counted when it was sent: monotonic clocks do not travel.</param>
/// <param name="Issuer">The manager's host (sent as its serialized actor path): rejections of this generation go there.</param>
internal sealed record WireCredential(long Generation, AuthenticationHeaderValue Authorization, TimeSpan UsableFor, IActorRef Issuer)
{
    public override string ToString() => $"WireCredential({Authorization.Scheme} ***, generation {Generation})";
}

/// <summary>A new generation, pushed to every subscribed node.</summary>
internal sealed record Issued(WireCredential Credential) : ISinchClusterMessage;

/// <summary>The answer to <see cref="AskCredential"/> with a credential.</summary>
internal sealed record Granted(long CorrelationId, WireCredential Credential) : ISinchClusterMessage;

/// <summary>The answer to <see cref="AskCredential"/> without one.</summary>
internal sealed record Failed(long CorrelationId, WireFailure Failure) : ISinchClusterMessage;

/// <summary>The generation must no longer be used.</summary>
internal sealed record Withdrawn(long Generation) : ISinchClusterMessage;

/// <summary>
/// Sinch answered 401 to a call sent with this generation on some node; sent straight to its issuer, so a generation of
/// a manager that moved meanwhile never rejects the new manager's tokens. The manager refetches once per generation.
/// </summary>
/// <param name="Generation">The generation at its manager.</param>
/// <param name="WasAccepted">Whether that node saw a call accepted with it first (a spurious 401, not a rejecting API).</param>
/// <param name="ApiMessage">The API's error message.</param>
internal sealed record RejectToken(long Generation, bool WasAccepted, string? ApiMessage) : ISinchClusterMessage;

/// <summary>
/// Verify and take a new secret of the key (the one message besides a manager's start that carries a secret);
/// answered with <see cref="Verified"/> or <see cref="Refused"/> of the same correlation ID.
/// </summary>
internal sealed record UpdateKey(long CorrelationId, SinchCredentials Credentials, TimeSpan? Timeout) : ISinchClusterMessage;

/// <summary>The secret of the <see cref="UpdateKey"/> with this correlation ID produced a token and is in use.</summary>
internal sealed record Verified(long CorrelationId) : ISinchClusterMessage;

/// <summary>The secret of the <see cref="UpdateKey"/> with this correlation ID was not taken.</summary>
internal sealed record Refused(long CorrelationId, WireFailure Failure) : ISinchClusterMessage;

/// <summary>Asks the manager for its state; answered with <see cref="KeyState"/>.</summary>
internal sealed class GetKeyState : ISinchClusterMessage
{
    public static readonly GetKeyState Instance = new();
}

/// <summary>The manager's <see cref="TokenManager.StateReport"/> and the node it runs on.</summary>
internal sealed record KeyState(TokenManagerState State, long Generation, int Waiters, int RejectedStreak, string Address) : ISinchClusterMessage;

/// <summary>A project as every node registers it: the value of the replicated projects map (see <c>ProjectSync</c>).</summary>
internal sealed record ProjectRecord(SinchCredentials Credentials) : ISinchClusterMessage;
