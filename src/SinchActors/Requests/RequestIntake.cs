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
    /// Finds the request's project once for both questions: <c>null</c> when it is not registered, and then
    /// <paramref name="needsLookup"/> says whether <see cref="LookUpAsync"/> may still find it.
    /// </summary>
    public ProjectHandle? Find(SinchRequest request, out bool needsLookup)
    {
        if (projects.TryGet(request.ProjectId, out var project))
        {
            needsLookup = false;
            return project;
        }
        needsLookup = projects.ShouldLookUp(request.ProjectId);
        return null;
    }

    /// <summary>
    /// Looks the request's project up; <c>null</c> when done, otherwise the error to fail the request with
    /// (<see cref="SinchShutdownException"/> once the runtime stops accepting).
    /// </summary>
    public async Task<Exception?> LookUpAsync(SinchRequest request, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopAccepting);
        try
        {
            return await projects.LookUpAsync(request.ProjectId, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopAccepting.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new SinchShutdownException(request.ProjectId);
        }
    }

    /// <summary>
    /// Builds the request's envelope, or fails <paramref name="completion"/> with the reason it is refused
    /// (shutdown, unknown project, bad endpoint, overload) and returns <c>null</c>.
    /// </summary>
    public RequestEnvelope? TryAdmit(SinchRequest request, RequestCompletion completion) =>
        TryAdmit(request, projects.TryGet(request.ProjectId, out var project) ? project : null, completion);

    /// <summary>
    /// <see cref="TryAdmit(SinchRequest, RequestCompletion)"/> with the project already found by <see cref="Find"/>
    /// (<c>null</c>: unknown).
    /// </summary>
    public RequestEnvelope? TryAdmit(SinchRequest request, ProjectHandle? found, RequestCompletion completion)
    {
        completion.Observe(request);
        var refusal = Refuse(request, found, out var project, out var endpoint);
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

    private Exception? Refuse(SinchRequest request, ProjectHandle? found, out ProjectHandle? project, out SinchEndpoint? endpoint)
    {
        project = found;
        endpoint = null;
        if (stopAccepting.IsCancellationRequested)
            return new SinchShutdownException(request.ProjectId);
        if (project is null)
            return new SinchUnknownProjectException(request.ProjectId);
        project.MarkUsed();
        try
        {
            endpoint = request.BaseUrl is { } baseUrl ? endpoints.ForBaseUrl(baseUrl) : endpoints.Resolve(request.Family, request.Region);
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
