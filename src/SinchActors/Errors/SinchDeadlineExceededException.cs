namespace SinchActors;

/// <summary>The request's deadline passed before it completed; it was not attempted again.</summary>
public sealed class SinchDeadlineExceededException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="projectId">The project the request belonged to.</param>
    /// <param name="deadline">The deadline that passed.</param>
    /// <param name="attempts">How many attempts were sent before the deadline passed.</param>
    /// <param name="lastCause">The failure of the last attempt, when there was one.</param>
    public SinchDeadlineExceededException(string? projectId, TimeSpan deadline, int attempts, Exception? lastCause = null)
        : base($"The request did not complete within its deadline of {deadline.TotalMilliseconds:0} ms " +
               $"after {attempts} attempt(s).", projectId, lastCause)
    {
        Deadline = deadline;
        Attempts = attempts;
    }

    /// <summary>The deadline the request was given.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>How many attempts were sent before the deadline passed.</summary>
    public int Attempts { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
