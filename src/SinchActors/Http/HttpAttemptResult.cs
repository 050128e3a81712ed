namespace SinchActors.Http;

/// <summary>A response whose body was read within the size cap.</summary>
internal readonly record struct HttpAttemptResult(HttpResponseMessage Response, byte[] Body);
