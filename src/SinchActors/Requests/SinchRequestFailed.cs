namespace SinchActors.Requests;

/// <summary>The answer to a <see cref="SendSinchRequest"/> that failed.</summary>
/// <param name="CorrelationId">The request's correlation ID.</param>
/// <param name="Error">A <see cref="SinchException"/> in almost all cases.</param>
public sealed record SinchRequestFailed(object CorrelationId, Exception Error);
