using SinchActors.Projects;

namespace SinchActors.Requests;

/// <summary>
/// Bounds requests in flight, globally and per project. Over a limit a request fails fast with
/// <see cref="SinchOverloadedException"/> instead of queueing: the caller sees back-pressure at once and memory
/// stays bounded.
/// </summary>
internal sealed class InFlightLimiter(int maxInFlight, int maxInFlightPerProject)
{
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a global and a project slot; <c>null</c> when taken, otherwise the error to fail with.</summary>
    public SinchOverloadedException? TryAcquire(ProjectHandle project)
    {
        if (Interlocked.Increment(ref _inFlight) > maxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            return new SinchOverloadedException(project.ProjectId, maxInFlight, "global");
        }
        if (Interlocked.Increment(ref project.InFlight) > maxInFlightPerProject)
        {
            Interlocked.Decrement(ref project.InFlight);
            Interlocked.Decrement(ref _inFlight);
            return new SinchOverloadedException(project.ProjectId, maxInFlightPerProject, "project");
        }
        return null;
    }

    public void Release(ProjectHandle project)
    {
        Interlocked.Decrement(ref project.InFlight);
        Interlocked.Decrement(ref _inFlight);
    }
}
