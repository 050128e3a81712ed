using System.Diagnostics;
using SinchActors.Diagnostics;

namespace SinchActors.Requests;

/// <summary>The request side of the telemetry: request and attempt spans, and the runtime's request and retry counters.</summary>
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
            activity.SetTag(SinchActorsTelemetry.MethodTag, SinchActorsTelemetry.MethodName(request.Method));
            if (request.Operation is { } operation)
                activity.SetTag(SinchActorsTelemetry.OperationTag, operation);
        }
        return activity;
    }

    /// <summary>Records the request's one answer: the runtime's counter and duration, and the end of its span.</summary>
    internal static void RequestCompleted(RuntimeMetrics? metrics, SinchRequest? request, Activity? activity, long startedAt, string outcome,
        int status, Exception? error)
    {
        SinchActorsTelemetry.Stop(activity, status, error);
        if (metrics is null || request is null || !(metrics.Requests.Enabled || metrics.RequestDuration.Enabled))
            return;
        // At most 7 tags: a TagList keeps 8 inline, so recording allocates nothing but the boxed status.
        var tags = new TagList
        {
            { SinchActorsTelemetry.ApiTag, ApiName(request) },
            { SinchActorsTelemetry.MethodTag, SinchActorsTelemetry.MethodName(request.Method) },
            { SinchActorsTelemetry.OutcomeTag, outcome },
        };
        if (request.Operation is { } operation)
            tags.Add(SinchActorsTelemetry.OperationTag, operation);
        if (metrics.TagsProject)
            tags.Add(SinchActorsTelemetry.ProjectTag, request.ProjectId);
        if (status != 0)
            tags.Add(SinchActorsTelemetry.StatusTag, status);
        if (SinchActorsTelemetry.ErrorType(status, error) is { } errorType)
            tags.Add(SinchActorsTelemetry.ErrorTypeTag, errorType);
        metrics.Requests.Add(1, tags);
        if (metrics.RequestDuration.Enabled)
            metrics.RequestDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
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
            if (attempt > 1)
                activity.SetTag(SinchActorsTelemetry.ResendCountTag, attempt - 1);
            activity.SetTag(SinchActorsTelemetry.MethodTag, SinchActorsTelemetry.MethodName(sinchRequest.Method));
            if (sinchRequest.Operation is { } operation)
                activity.SetTag(SinchActorsTelemetry.OperationTag, operation);
            var (host, port) = HostAndPort(authority);
            activity.SetTag(SinchActorsTelemetry.ServerAddressTag, host);
            if (port is not null)
                activity.SetTag(SinchActorsTelemetry.ServerPortTag, port);
        }
        return activity;
    }

    /// <summary>Ends an attempt's span with what the attempt produced.</summary>
    internal static void AttemptCompleted(Activity? activity, SinchResponse? response, Exception? error)
    {
        if (activity is not null)
            SinchActorsTelemetry.Stop(activity, response is not null ? (int)response.StatusCode : (error as SinchApiException)?.StatusCode ?? 0, error);
    }

    /// <summary>Counts a scheduled retry in the runtime's metrics.</summary>
    internal static void RetryScheduled(RuntimeMetrics? metrics, SinchRequest request, string projectId, Exception lastError)
    {
        if (metrics is null || !metrics.Retries.Enabled)
            return;
        var tags = new TagList { { SinchActorsTelemetry.ApiTag, ApiName(request) }, { SinchActorsTelemetry.RetryReasonTag, RetryReason(lastError) } };
        if (request.Operation is { } operation)
            tags.Add(SinchActorsTelemetry.OperationTag, operation);
        if (metrics.TagsProject)
            tags.Add(SinchActorsTelemetry.ProjectTag, projectId);
        metrics.Retries.Add(1, tags);
    }

    /// <summary>An authority's host and, when it names one, its port (<c>host:port</c>, <c>[::1]:port</c>).</summary>
    private static (string Host, int? Port) HostAndPort(string authority)
    {
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && int.TryParse(authority.AsSpan(colon + 1), out var port)
            ? (authority[..colon], port)
            : (authority, null);
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
