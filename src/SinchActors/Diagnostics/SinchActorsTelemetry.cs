using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SinchActors.Requests;

namespace SinchActors.Diagnostics;

/// <summary>
/// The runtime's metrics (meter <c>SinchActors</c>) and traces (activity source <c>SinchActors</c>). Subscribe with
/// OpenTelemetry (<c>AddMeter("SinchActors")</c>, <c>AddSource("SinchActors")</c>) or any
/// <see cref="MeterListener"/> / <see cref="ActivityListener"/>. Nothing is allocated for an instrument nobody
/// listens to. Tags never carry secrets, tokens, paths or query strings.
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

    /// <summary>Tag: the Sinch project ID (left out when project tags are switched off).</summary>
    public const string ProjectTag = "sinch.project";

    /// <summary>Tag: the API family (<c>access-keys</c>, <c>sms</c>, …) or <c>custom</c> for an explicit base URL.</summary>
    public const string ApiTag = "sinch.api";

    /// <summary>Tag: <c>success</c>, <c>failure</c> or <c>cancelled</c>.</summary>
    public const string OutcomeTag = "sinch.outcome";

    /// <summary>Tag: why a retry was scheduled (<c>unauthorized</c>, <c>throttled</c>, <c>server_error</c>, <c>transport</c>, …).</summary>
    public const string RetryReasonTag = "sinch.retry.reason";

    /// <summary>Tag: the HTTP status code of the last response, when there was one.</summary>
    public const string StatusTag = "http.response.status_code";

    /// <summary>Tag: the error's type name on failures.</summary>
    public const string ErrorTypeTag = "error.type";

    internal static readonly ActivitySource Source = new(Name, typeof(SinchActorsTelemetry).Assembly.GetName().Version?.ToString());
    internal static readonly Meter Meter = new(Name, typeof(SinchActorsTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("sinch.requests", "{request}",
        "Requests answered, by project, API, outcome and status.");
    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("sinch.request.duration", "s",
        "Time from admission to the answer, retries included.");
    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("sinch.retries", "{retry}",
        "Retries scheduled, by project, API and reason.");
    private static readonly Counter<long> TokenFetches = Meter.CreateCounter<long>("sinch.token.fetches", "{fetch}",
        "Token-endpoint calls, by project and outcome.");
    private static readonly Histogram<double> TokenFetchDuration = Meter.CreateHistogram<double>("sinch.token.fetch.duration", "s",
        "Duration of token-endpoint calls.");

    private static readonly ConcurrentDictionary<SinchRuntime, byte> Runtimes = new();
    private static readonly string[] ApiNames = Enum.GetValues<SinchApiFamily>().Select(SinchRequestSettings.ConfigKey).ToArray();
    private static readonly AsyncLocal<ActivityContext> FetchCause = new();
    private static volatile bool _includeProjectTag = true;

    static SinchActorsTelemetry()
    {
        Meter.CreateObservableUpDownCounter("sinch.requests.in_flight", () => (long)Runtimes.Keys.Sum(r => r.InFlight), "{request}",
            "Requests admitted and not yet answered.");
        Meter.CreateObservableUpDownCounter("sinch.projects.active", () => (long)Runtimes.Keys.Sum(r => r.ActiveProjects), "{project}",
            "Projects the runtimes currently serve.");
    }

    /// <summary>
    /// Whether metrics carry the <see cref="ProjectTag"/>. Switch it off with thousands of projects, where one time
    /// series per project is too many: <c>sinch-actors.telemetry.include-project-tag = off</c> (or
    /// <c>Sinch:Telemetry:IncludeProjectTag</c>), which every runtime applies when it starts. Process-wide, like the
    /// meter. Spans always carry the project.
    /// </summary>
    public static bool IncludeProjectTag
    {
        get => _includeProjectTag;
        set => _includeProjectTag = value;
    }

    internal static void Track(SinchRuntime runtime) => Runtimes.TryAdd(runtime, 0);

    internal static void Untrack(SinchRuntime runtime) => Runtimes.TryRemove(runtime, out _);

    internal static string ApiName(SinchRequest request) => request.BaseUrl is null ? ApiNames[(int)request.Family] : "custom";

    /// <summary>Starts the request's span (a child of the caller's current activity) without making it current.</summary>
    internal static Activity? StartRequest(SinchRequest request)
    {
        if (!Source.HasListeners())
            return null;
        var previous = Activity.Current;
        var activity = Source.StartActivity(RequestActivity, ActivityKind.Internal);
        if (activity is null)
            return null;
        Activity.Current = previous; // the caller's flow must not inherit a span that outlives the call
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(ProjectTag, request.ProjectId);
            activity.SetTag(ApiTag, ApiName(request));
            activity.SetTag("http.request.method", request.Method);
        }
        return activity;
    }

    /// <summary>Records the request's one answer: counter, duration, and the end of its span.</summary>
    internal static void RequestCompleted(SinchRequest? request, Activity? activity, long startedAt, string outcome, int status, Exception? error)
    {
        Stop(activity, status, error);
        if (request is null || !(Requests.Enabled || RequestDuration.Enabled))
            return;
        var tags = new TagList { { ApiTag, ApiName(request) }, { OutcomeTag, outcome } };
        if (_includeProjectTag)
            tags.Add(ProjectTag, request.ProjectId);
        if (status != 0)
            tags.Add(StatusTag, status);
        if (error is not null)
            tags.Add(ErrorTypeTag, error.GetType().Name);
        Requests.Add(1, tags);
        if (RequestDuration.Enabled)
            RequestDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
    }

    /// <summary>Starts an attempt's span as a child of its request's span; it becomes current for the HTTP call.</summary>
    internal static Activity? StartAttempt(Activity? request, SinchRequest sinchRequest, string projectId, int attempt, string authority)
    {
        if (request is null || !Source.HasListeners())
            return null;
        var activity = Source.StartActivity(AttemptActivity, ActivityKind.Client, request.Context);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ProjectTag, projectId);
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
            Stop(activity, response is not null ? (int)response.StatusCode : (error as SinchApiException)?.StatusCode ?? 0, error);
    }

    private static void Stop(Activity? activity, int status, Exception? error)
    {
        if (activity is null)
            return;
        if (status != 0)
            activity.SetTag(StatusTag, status);
        if (error is not null)
        {
            activity.SetTag(ErrorTypeTag, error.GetType().Name);
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }
        activity.Stop();
    }

    /// <summary>Counts a scheduled retry.</summary>
    internal static void RetryScheduled(SinchRequest request, string projectId, Exception lastError)
    {
        if (!Retries.Enabled)
            return;
        var tags = new TagList { { ApiTag, ApiName(request) }, { RetryReasonTag, RetryReason(lastError) } };
        if (_includeProjectTag)
            tags.Add(ProjectTag, projectId);
        Retries.Add(1, tags);
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

    /// <summary>Records a finished token fetch: counter, duration, end of its span.</summary>
    internal static void TokenFetchCompleted(Activity? activity, string projectId, long startedAt, Exception? error)
    {
        var outcome = error switch
        {
            null => "success",
            SinchTokenEndpointException { IsPermanent: true } => "rejected",
            _ => "failure",
        };
        activity?.SetTag(OutcomeTag, outcome);
        Stop(activity, (error as SinchTokenEndpointException)?.StatusCode ?? 0, error);
        if (!(TokenFetches.Enabled || TokenFetchDuration.Enabled))
            return;
        var tags = new TagList { { OutcomeTag, outcome } };
        if (_includeProjectTag)
            tags.Add(ProjectTag, projectId);
        TokenFetches.Add(1, tags);
        if (TokenFetchDuration.Enabled)
            TokenFetchDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
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
