using SinchActors.Projects;

namespace SinchActors.Requests;

/// <summary>
/// Admits a request into the pipeline: finds its project and endpoint, takes its in-flight slots and fixes its
/// deadline. Shared by the <see cref="ISinchClient"/> facade and the actor-native path.
/// </summary>
internal sealed class RequestIntake(
    IProjectDirectory projects,
    SinchEndpoints endpoints,
    InFlightLimiter limiter,
    SinchRequestSettings settings,
    TimeProvider time,
    CancellationToken stopAccepting,
    CancellationToken shutdown)
{
    /// <summary>
    /// Builds the request's envelope, or fails <paramref name="completion"/> with the reason it is refused
    /// (shutdown, unknown project, bad endpoint, overload) and returns <c>null</c>.
    /// </summary>
    public RequestEnvelope? TryAdmit(SinchRequest request, RequestCompletion completion)
    {
        completion.Observe(request);
        var refusal = Refuse(request, out var project, out var endpoint);
        if (refusal is not null)
        {
            completion.TryFail(refusal);
            return null;
        }
        completion.Admitted(limiter, project!, shutdown);
        var deadline = request.Deadline ?? settings.DefaultDeadline;
        return new RequestEnvelope(request, endpoint!, endpoint!.Combine(request.Path, request.Query), project!,
            completion, deadline, DeadlineTimestamp(deadline));
    }

    private Exception? Refuse(SinchRequest request, out ProjectHandle? project, out SinchEndpoint? endpoint)
    {
        project = null;
        endpoint = null;
        if (stopAccepting.IsCancellationRequested)
            return new SinchShutdownException(request.ProjectId);
        if (!projects.TryGet(request.ProjectId, out project))
            return new SinchUnknownProjectException(request.ProjectId);
        try
        {
            endpoint = request.BaseUrl is { } baseUrl ? new SinchEndpoint(baseUrl) : endpoints.Resolve(request.Family, request.Region);
        }
        catch (ArgumentException e)
        {
            return e;
        }
        return limiter.TryAcquire(project);
    }

    private long DeadlineTimestamp(TimeSpan deadline)
    {
        var now = time.GetTimestamp();
        var ticks = deadline.TotalSeconds * time.TimestampFrequency;
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)Math.Max(0, ticks);
    }
}
