namespace SinchActors;

/// <summary>
/// The base of every error SinchActors reports. Catch this type to handle any failure of a Sinch call;
/// catch a subtype to react to one cause. Messages never contain key secrets or access tokens.
/// </summary>
public abstract class SinchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A description that never contains secrets.</param>
    /// <param name="projectId">The Sinch project the failed operation belonged to, when known.</param>
    /// <param name="innerException">The underlying cause, when there is one.</param>
    protected SinchException(string message, string? projectId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ProjectId = projectId;
    }

    /// <summary>The Sinch project the failed operation belonged to, when known.</summary>
    public string? ProjectId { get; }

    /// <summary>
    /// Whether trying the same operation again later may succeed (throttling, outages, timeouts).
    /// It says nothing about whether a non-idempotent request was processed.
    /// </summary>
    public virtual bool IsTransient => false;
}
