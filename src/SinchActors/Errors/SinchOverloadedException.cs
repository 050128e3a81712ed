namespace SinchActors;

/// <summary>
/// The runtime refused the request because too many requests are already in flight (for its project or in
/// total); it was never sent, so it is always safe to submit it again later.
/// </summary>
public sealed class SinchOverloadedException : SinchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="projectId">The project the request belonged to.</param>
    /// <param name="limit">The in-flight limit that was reached.</param>
    /// <param name="scope">Which limit was reached, for example <c>project</c> or <c>global</c>.</param>
    public SinchOverloadedException(string? projectId, int limit, string scope)
        : base($"Too many requests in flight ({scope} limit {limit}); the request was not sent.", projectId)
    {
        Limit = limit;
        Scope = scope;
    }

    /// <summary>The in-flight limit that was reached.</summary>
    public int Limit { get; }

    /// <summary>Which limit was reached, for example <c>project</c> or <c>global</c>.</summary>
    public string Scope { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
