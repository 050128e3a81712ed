using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SinchActors.Diagnostics;

/// <summary>
/// The names of the runtime's metrics (meter <c>SinchActors</c>, one per runtime, from the app's
/// <see cref="IMeterFactory"/> when it has one) and traces (activity source <c>SinchActors</c>). Subscribe with
/// OpenTelemetry (<c>AddMeter("SinchActors")</c>, <c>AddSource("SinchActors")</c>) or any
/// <see cref="MeterListener"/> / <see cref="ActivityListener"/>. Nothing is allocated for an instrument nobody
/// listens to. Tags follow the OpenTelemetry semantic conventions where one exists, are bounded, and never carry
/// secrets, tokens, paths or query strings.
/// </summary>
public static class SinchActorsTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>SinchActors</c>.</summary>
    public const string Name = "SinchActors";

    /// <summary>Activity of one request, from admission to its one answer.</summary>
    public const string RequestActivity = "sinch.request";

    /// <summary>Activity of one HTTP attempt of a request; a child of <see cref="RequestActivity"/>.</summary>
    public const string AttemptActivity = "sinch.attempt";

    /// <summary>Activity of one token-endpoint call.</summary>
    public const string TokenFetchActivity = "sinch.token.fetch";

    /// <summary>Tag: the Sinch project ID (left out of metrics when project tags are switched off).</summary>
    public const string ProjectTag = "sinch.project";

    /// <summary>Tag: the API family (<c>access-keys</c>, <c>sms</c>, …) or <c>custom</c> for an explicit base URL.</summary>
    public const string ApiTag = "sinch.api";

    /// <summary>
    /// Tag (spans and metrics): the typed call's operation (<see cref="Requests.SinchRequest.Operation"/>, for example
    /// <c>sms.batches.send</c>), so a list and a create differ; absent on calls that name none.
    /// </summary>
    public const string OperationTag = "sinch.operation";

    /// <summary>Tag: <c>success</c>, <c>failure</c> or <c>cancelled</c> (token fetches: <c>success</c>, <c>failure</c>, <c>rejected</c>).</summary>
    public const string OutcomeTag = "sinch.outcome";

    /// <summary>Tag: why a retry was scheduled (<c>unauthorized</c>, <c>throttled</c>, <c>server_error</c>, <c>transport</c>, …).</summary>
    public const string RetryReasonTag = "sinch.retry.reason";

    /// <summary>Tag: the HTTP status code of the last response, when there was one (semantic conventions).</summary>
    public const string StatusTag = "http.response.status_code";

    /// <summary>
    /// Tag on failures (semantic conventions): the HTTP status code as a string when the answer was an HTTP error,
    /// otherwise the exception's full type name (<c>SinchActors.SinchCircuitOpenException</c>, …).
    /// </summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Tag (semantic conventions): the HTTP method, or <c>_OTHER</c> for one outside the standard set.</summary>
    public const string MethodTag = "http.request.method";

    /// <summary>Tag on attempt spans (semantic conventions): how many times the request was sent before; absent on its first attempt.</summary>
    public const string ResendCountTag = "http.request.resend_count";

    /// <summary>Tag on attempt spans (semantic conventions): the API host.</summary>
    public const string ServerAddressTag = "server.address";

    /// <summary>Tag on attempt spans (semantic conventions): the API port.</summary>
    public const string ServerPortTag = "server.port";

    internal static readonly string? Version = typeof(SinchActorsTelemetry).Assembly.GetName().Version?.ToString();

    // Activity sources have no factory: one per library is the convention, and a listener picks it by name.
    internal static readonly ActivitySource Source = new(Name, Version);

    private static readonly AsyncLocal<ActivityContext> FetchCause = new();

    // Status codes as error.type values, made once each: a failure must not allocate a string per answer.
    private static readonly string?[] StatusNames = new string?[600];

    /// <summary>
    /// The <see cref="ErrorTypeTag"/> of an answer: the status code when it is an HTTP error, else the exception's full
    /// type name; <c>null</c> for a success.
    /// </summary>
    internal static string? ErrorType(int status, Exception? error)
    {
        if (status is >= 400 and < 600)
            return StatusNames[status] ??= status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return error?.GetType().FullName;
    }

    /// <summary>The <see cref="MethodTag"/> value: the standard methods as they are, anything else <c>_OTHER</c> (bounded).</summary>
    internal static string MethodName(string method) => method switch
    {
        "GET" or "POST" or "PUT" or "DELETE" or "PATCH" or "HEAD" or "OPTIONS" or "TRACE" or "CONNECT" or "QUERY" => method,
        _ => "_OTHER",
    };

    internal static void Stop(Activity? activity, int status, Exception? error)
    {
        if (activity is null)
            return;
        if (status != 0)
            activity.SetTag(StatusTag, status);
        if (ErrorType(status, error) is { } errorType)
        {
            activity.SetTag(ErrorTypeTag, errorType);
            activity.SetStatus(ActivityStatusCode.Error, errorType);
        }
        activity.Stop();
    }

    /// <summary>
    /// Makes <paramref name="trace"/> the parent of a token fetch started within the scope: it flows with the
    /// execution context into the fetch's asynchronous call, and is reset for the actor's thread on dispose.
    /// </summary>
    internal static FetchCauseScope TokenFetchCause(ActivityContext trace) =>
        trace == default || !Source.HasListeners() ? default : new FetchCauseScope(trace);

    /// <summary>Starts a token fetch's span, a child of the request that caused it when one did.</summary>
    internal static Activity? StartTokenFetch(string projectId, string keyId)
    {
        if (!Source.HasListeners())
            return null;
        var activity = Source.StartActivity(TokenFetchActivity, ActivityKind.Client, FetchCause.Value);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ProjectTag, projectId);
            activity.SetTag("sinch.key_id", keyId);
        }
        return activity;
    }

    /// <summary>Records a finished token fetch: the runtime's counter and duration, the end of its span.</summary>
    internal static void TokenFetchCompleted(RuntimeMetrics metrics, Activity? activity, string projectId, long startedAt, Exception? error)
    {
        var outcome = error switch
        {
            null => "success",
            SinchTokenEndpointException { IsPermanent: true } => "rejected",
            _ => "failure",
        };
        var status = (error as SinchTokenEndpointException)?.StatusCode ?? 0;
        activity?.SetTag(OutcomeTag, outcome);
        Stop(activity, status, error);
        if (!(metrics.TokenFetches.Enabled || metrics.TokenFetchDuration.Enabled))
            return;
        var tags = new TagList { { OutcomeTag, outcome } };
        if (metrics.TagsProject)
            tags.Add(ProjectTag, projectId);
        if (ErrorType(status, error) is { } errorType)
            tags.Add(ErrorTypeTag, errorType);
        metrics.TokenFetches.Add(1, tags);
        if (metrics.TokenFetchDuration.Enabled)
            metrics.TokenFetchDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
    }

    /// <summary>Sets the cause of token fetches for the current flow; a default instance does nothing.</summary>
    internal readonly struct FetchCauseScope : IDisposable
    {
        private readonly bool _active;

        public FetchCauseScope(ActivityContext trace)
        {
            _active = true;
            FetchCause.Value = trace;
        }

        public void Dispose()
        {
            if (_active)
                FetchCause.Value = default;
        }
    }
}
