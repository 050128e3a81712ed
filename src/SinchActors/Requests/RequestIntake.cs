using Akka.Actor;
using SinchActors.Projects;
using SinchActors.Timing;

namespace SinchActors.Requests;

/// <summary>
/// The one door into the pipeline, for the <see cref="ISinchClient"/> facade and the actor-native path alike: finds
/// the request's project (looking it up with the credentials provider when it may be known there) and endpoint,
/// takes its in-flight slots and fixes its deadline. Every call it takes is counted in <see cref="OutstandingCalls"/>
/// until its caller is answered.
/// </summary>
internal sealed class RequestIntake
{
    private readonly IProjectDirectory _projects;
    private readonly SinchEndpoints _endpoints;
    private readonly InFlightLimiter _limiter;
    private readonly SinchRequestSettings _settings;
    private readonly TimeProvider _time;
    private readonly OutstandingCalls _calls;
    private readonly CancellationToken _stopAccepting;
    private readonly DeadlineSweeper _watchdog;

    /// <param name="projects">The published projects.</param>
    /// <param name="endpoints">The API hosts.</param>
    /// <param name="limiter">The in-flight slots.</param>
    /// <param name="settings">Deadlines and telemetry.</param>
    /// <param name="time">The runtime's clock.</param>
    /// <param name="calls">Counts every call taken until its caller is answered.</param>
    /// <param name="stopAccepting">Refuses new requests once cancelled.</param>
    /// <param name="shutdown">Fails every request held by the deadline watchdog once cancelled.</param>
    /// <param name="startPool">
    /// Starts the request pool, whose workers admit actor-native requests here, so it is given this intake; requests
    /// admitted after a lookup go to it. Without one (specs that never look up), they go nowhere.
    /// </param>
    public RequestIntake(IProjectDirectory projects, SinchEndpoints endpoints, InFlightLimiter limiter, SinchRequestSettings settings,
        TimeProvider time, OutstandingCalls calls, CancellationToken stopAccepting, CancellationToken shutdown,
        Func<RequestIntake, IActorRef>? startPool = null)
    {
        _projects = projects;
        _endpoints = endpoints;
        _limiter = limiter;
        _settings = settings;
        _time = time;
        _calls = calls;
        _stopAccepting = stopAccepting;
        _watchdog = new DeadlineSweeper(time, shutdown);
        // Last: the pool's workers may use this intake as soon as they start.
        Pool = startPool?.Invoke(this) ?? ActorRefs.Nobody;
    }

    /// <summary>The request pool, where requests admitted after a lookup go.</summary>
    public IActorRef Pool { get; }

    /// <summary>
    /// Admits <paramref name="request"/>: its envelope, for the caller to hand to a worker; or <c>null</c> when
    /// <paramref name="completion"/> was failed with the reason it is refused (shutdown, unknown project, bad
    /// endpoint, overload) or the project is being looked up — then the request goes to <see cref="Pool"/> once found.
    /// With <paramref name="message"/> (an <c>HttpClient</c>'s request), every attempt sends that message to its own URI.
    /// </summary>
    public RequestEnvelope? Admit(SinchRequest request, RequestCompletion completion, CancellationToken cancellationToken,
        HttpRequestMessage? message = null)
    {
        completion.Observe(request, _calls, _settings.IncludeProjectTag);
        completion.ObserveCancellation(cancellationToken);
        if (_projects.TryGet(request.ProjectId, out var project))
            return TryAdmit(request, message, project, completion);
        if (!_projects.ShouldLookUp(request.ProjectId))
            return TryAdmit(request, message, null, completion);
        _ = AdmitAfterLookUpAsync(request, message, completion, cancellationToken);
        return null;
    }

    /// <summary>The first requests of a project the credentials provider may know: only they pay for the lookup.</summary>
    private async Task AdmitAfterLookUpAsync(SinchRequest request, HttpRequestMessage? message, RequestCompletion completion,
        CancellationToken cancellationToken)
    {
        Exception? error;
        using (var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopAccepting))
        {
            try
            {
                error = await _projects.LookUpAsync(request.ProjectId, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e)
            {
                error = _stopAccepting.IsCancellationRequested && !cancellationToken.IsCancellationRequested ? new SinchShutdownException(request.ProjectId) : e;
            }
            catch (Exception e)
            {
                error = e;
            }
        }
        if (error is not null)
            completion.TryFail(error, inline: true); // on the thread that finished the lookup, not an actor's
        else if (TryAdmit(request, message, _projects.TryGet(request.ProjectId, out var project) ? project : null, completion) is { } admitted)
            Pool.Tell(admitted);
    }

    private RequestEnvelope? TryAdmit(SinchRequest request, HttpRequestMessage? message, ProjectHandle? project, RequestCompletion completion)
    {
        if (completion.IsCompleted)
            return null; // cancelled while being looked up
        var refusal = Refuse(request, message?.RequestUri, project, out var endpoint);
        if (refusal is not null)
        {
            completion.TryFail(refusal, inline: true); // before the caller holds the task, or after a lookup as above
            return null;
        }
        var deadline = request.Deadline ?? _settings.DefaultDeadline;
        completion.Admitted(_limiter, project!, _watchdog, deadline);
        return new RequestEnvelope(request, endpoint!, message?.RequestUri ?? endpoint!.Combine(request.Path, request.Query), project!,
            completion, deadline, MonotonicDeadline.After(_time, deadline)) { Message = message };
    }

    private Exception? Refuse(SinchRequest request, Uri? messageUri, ProjectHandle? project, out SinchEndpoint? endpoint)
    {
        endpoint = null;
        if (_stopAccepting.IsCancellationRequested)
            return new SinchShutdownException(request.ProjectId);
        if (project is null)
            return new SinchUnknownProjectException(request.ProjectId);
        project.MarkUsed();
        try
        {
            endpoint = messageUri is not null ? _endpoints.ForRequestUri(messageUri)
                : request.BaseUrl is { } baseUrl ? _endpoints.ForBaseUrl(baseUrl)
                : _endpoints.Resolve(request.Family, request.Region);
        }
        catch (ArgumentException e)
        {
            return e;
        }
        return _limiter.TryAcquire(project);
    }
}
