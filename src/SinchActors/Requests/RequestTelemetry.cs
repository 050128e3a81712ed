using System.Diagnostics;
using SinchActors.Diagnostics;

namespace SinchActors.Requests;

/// <summary>The request side of <see cref="SinchActorsTelemetry"/>: request and attempt spans, the request and retry counters.</summary>
internal static class RequestTelemetry
{
    private static readonly string[] ApiNames = Enum.GetValues<SinchApiFamily>().Select(SinchRequestSettings.ConfigKey).ToArray();

    internal static string ApiName(SinchRequest request) => request.BaseUrl is null ? ApiNames[(int)request.Family] : "custom";

    /// <summary>Starts the request's span (a child of the caller's current activity) without making it current.</summary>
    internal static Activity? StartRequest(SinchRequest request)
    {
        if (!SinchActorsTelemetry.Source.HasListeners())
            return null;
        var previous = Activity.Current;
        var activity = SinchActorsTelemetry.Source.StartActivity(SinchActorsTelemetry.RequestActivity, ActivityKind.Internal);
        if (activity is null)
            return null;
        Activity.Current = previous; // the caller's flow must not inherit a span that outlives the call
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(SinchActorsTelemetry.ProjectTag, request.ProjectId);
            activity.SetTag(SinchActorsTelemetry.ApiTag, ApiName(request));
            activity.SetTag("http.request.method", request.Method);
            if (request.Operation is { } operation)
                activity.SetTag(SinchActorsTelemetry.OperationTag, operation);
        }
        return activity;
    }

    /// <summary>Records the request's one answer: counter, duration, and the end of its span.</summary>
    internal static void RequestCompleted(SinchRequest? request, bool tagProject, Activity? activity, long startedAt, string outcome, int status, Exception? error)
    {
        SinchActorsTelemetry.Stop(activity, status, error);
        if (request is null || !(SinchActorsTelemetry.Requests.Enabled || SinchActorsTelemetry.RequestDuration.Enabled))
            return;
        var tags = new TagList { { SinchActorsTelemetry.ApiTag, ApiName(request) }, { SinchActorsTelemetry.OutcomeTag, outcome } };
        if (tagProject)
            tags.Add(SinchActorsTelemetry.ProjectTag, request.ProjectId);
        if (status != 0)
            tags.Add(SinchActorsTelemetry.StatusTag, status);
        if (error is not null)
            tags.Add(SinchActorsTelemetry.ErrorTypeTag, error.GetType().Name);
        SinchActorsTelemetry.Requests.Add(1, tags);
        if (SinchActorsTelemetry.RequestDuration.Enabled)
            SinchActorsTelemetry.RequestDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
    }

    /// <summary>Starts an attempt's span as a child of its request's span; it becomes current for the HTTP call.</summary>
    internal static Activity? StartAttempt(Activity? request, SinchRequest sinchRequest, string projectId, int attempt, string authority)
    {
        if (request is null || !SinchActorsTelemetry.Source.HasListeners())
            return null;
        var activity = SinchActorsTelemetry.Source.StartActivity(SinchActorsTelemetry.AttemptActivity, ActivityKind.Client, request.Context);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SinchActorsTelemetry.ProjectTag, projectId);
            activity.SetTag("sinch.attempt", attempt);
            activity.SetTag("http.request.method", sinchRequest.Method);
            activity.SetTag("server.address", authority);
        }
        return activity;
    }

    /// <summary>Ends an attempt's span with what the attempt produced.</summary>
    internal static void AttemptCompleted(Activity? activity, SinchResponse? response, Exception? error)
    {
        if (activity is not null)
            SinchActorsTelemetry.Stop(activity, response is not null ? (int)response.StatusCode : (error as SinchApiException)?.StatusCode ?? 0, error);
    }

    /// <summary>Counts a scheduled retry.</summary>
    internal static void RetryScheduled(SinchRequest request, string projectId, bool tagProject, Exception lastError)
    {
        if (!SinchActorsTelemetry.Retries.Enabled)
            return;
        var tags = new TagList { { SinchActorsTelemetry.ApiTag, ApiName(request) }, { SinchActorsTelemetry.RetryReasonTag, RetryReason(lastError) } };
        if (tagProject)
            tags.Add(SinchActorsTelemetry.ProjectTag, projectId);
        SinchActorsTelemetry.Retries.Add(1, tags);
    }

    private static string RetryReason(Exception error) => error switch
    {
        SinchApiException { StatusCode: 401 } => "unauthorized",
        SinchApiException { StatusCode: 429 } => "throttled",
        SinchApiException { StatusCode: 408 } => "timeout",
        SinchApiException { StatusCode: >= 500 } => "server_error",
        SinchApiException => "client_error",
        SinchTransportException { InnerException: Polly.Timeout.TimeoutRejectedException } => "timeout",
        SinchTransportException => "transport",
        _ => "other",
    };
}
