namespace SinchActors.Requests;

/// <summary>The answer to a <see cref="SendSinchRequest"/> that succeeded.</summary>
/// <param name="CorrelationId">The request's correlation ID.</param>
/// <param name="Response">The response.</param>
public sealed record SinchRequestSucceeded(object CorrelationId, SinchResponse Response);
