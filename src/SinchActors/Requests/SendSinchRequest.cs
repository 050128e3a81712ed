namespace SinchActors.Requests;

/// <summary>
/// Actor-native request: Tell it to the request pool; the sender receives <see cref="SinchRequestSucceeded"/> or
/// <see cref="SinchRequestFailed"/> with the same <paramref name="CorrelationId"/>, exactly once.
/// </summary>
/// <param name="CorrelationId">
/// Any value that lets the sender match the answer to the request; keep it serializable (a string, a number, a Guid,
/// an IActorRef), as the request and its answers are plain data meant to cross the wire.
/// </param>
/// <param name="Request">The request.</param>
public sealed record SendSinchRequest(object CorrelationId, SinchRequest Request);
