using Akka.Actor;
using SinchActors.Projects;

namespace SinchActors.Requests;

/// <summary>
/// The one door into the pipeline, for the <see cref="ISinchClient"/> facade and the actor-native path alike: finds
/// the request's project (looking it up with the credentials provider when it may be known there) and endpoint,
/// takes its in-flight slots and fixes its deadline.
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
    private readonly DeadlineSweeper _watchdog = new(time, shutdown);

    /// <summary>The request pool, where requests admitted after a lookup go. Set once, right after the pool starts.</summary>
    public IActorRef Pool { get; set; } = ActorRefs.Nobody;

    /// <summary>
    /// Admits <paramref name="request"/>: its envelope, for the caller to hand to a worker; or <c>null</c> when
    /// <paramref name="completion"/> was failed with the reason it is refused (shutdown, unknown project, bad
    /// endpoint, overload) or the project is being looked up — then the request goes to <see cref="Pool"/> once found.
    /// </summary>
    public RequestEnvelope? Admit(SinchRequest request, RequestCompletion completion, CancellationToken cancellationToken)
    {
        completion.Observe(request, settings.IncludeProjectTag);
        completion.ObserveCancellation(cancellationToken);
        if (projects.TryGet(request.ProjectId, out var project))
            return TryAdmit(request, project, completion);
        if (!projects.ShouldLookUp(request.ProjectId))
            return TryAdmit(request, null, completion);
        _ = AdmitAfterLookUpAsync(request, completion, cancellationToken);
        return null;
    }

    /// <summary>The first requests of a project the credentials provider may know: only they pay for the lookup.</summary>
    private async Task AdmitAfterLookUpAsync(SinchRequest request, RequestCompletion completion, CancellationToken cancellationToken)
    {
        Exception? error;
        using (var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopAccepting))
        {
            try
            {
                error = await projects.LookUpAsync(request.ProjectId, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e)
            {
                error = stopAccepting.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? new SinchShutdownException(request.ProjectId) : e;
            }
            catch (Exception e)
            {
                error = e;
            }
        }
        if (error is not null)
            completion.TryFail(error, inline: true); // on the thread that finished the lookup, not an actor's
        else if (TryAdmit(request, projects.TryGet(request.ProjectId, out var project) ? project : null, completion) is { } admitted)
            Pool.Tell(admitted);
    }

    private RequestEnvelope? TryAdmit(SinchRequest request, ProjectHandle? project, RequestCompletion completion)
    {
        if (completion.IsCompleted)
            return null; // cancelled while being looked up
        var refusal = Refuse(request, project, out var endpoint);
        if (refusal is not null)
        {
            completion.TryFail(refusal, inline: true); // before the caller holds the task, or after a lookup as above
            return null;
        }
        var deadline = request.Deadline ?? settings.DefaultDeadline;
        completion.Admitted(limiter, project!, _watchdog, deadline);
        return new RequestEnvelope(request, endpoint!, endpoint!.Combine(request.Path, request.Query), project!,
            completion, deadline, DeadlineTimestamp(deadline));
    }

    private Exception? Refuse(SinchRequest request, ProjectHandle? project, out SinchEndpoint? endpoint)
    {
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
