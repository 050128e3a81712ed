namespace SinchActors;

/// <summary>
/// The runtime is shutting down: the request was refused, or was still in flight when the drain timeout
/// (<c>sinch-actors.shutdown.drain-timeout</c>, or the one given to <see cref="Hosting.SinchRuntime.ShutdownAsync"/>) ran out.
/// </summary>
public sealed class SinchShutdownException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="projectId">The project the request belonged to, when known.</param>
    public SinchShutdownException(string? projectId = null)
        : base("The SinchActors runtime is shutting down; the request did not complete.", projectId)
    {
    }
}
