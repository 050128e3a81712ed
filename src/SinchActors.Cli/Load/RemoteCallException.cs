namespace SinchActors.Cli.Load;

/// <summary>
/// A call that failed in another process (a cluster node) with an exception that cannot be rebuilt here: its kind and
/// message travel instead.
/// </summary>
internal sealed class RemoteCallException(string kind, string message, string? projectId) : Exception(message)
{
    /// <summary>The failure kind as the other process named it (see <see cref="FailureKinds"/>).</summary>
    public string Kind { get; } = kind;

    public string? ProjectId { get; } = projectId;
}
