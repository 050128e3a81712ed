using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

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

    /// <summary>Tag (spans): the typed call's operation (<see cref="Requests.SinchRequest.Operation"/>, for example <c>sms.batches.send</c>).</summary>
    public const string OperationTag = "sinch.operation";

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

    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>("sinch.requests", "{request}",
        "Requests answered, by project, API, outcome and status.");
    internal static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>("sinch.request.duration", "s",
        "Time from admission to the answer, retries included.");
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("sinch.retries", "{retry}",
        "Retries scheduled, by project, API and reason.");
    private static readonly Counter<long> TokenFetches = Meter.CreateCounter<long>("sinch.token.fetches", "{fetch}",
        "Token-endpoint calls, by project and outcome.");
    private static readonly Histogram<double> TokenFetchDuration = Meter.CreateHistogram<double>("sinch.token.fetch.duration", "s",
        "Duration of token-endpoint calls.");

    private static readonly ConcurrentDictionary<IRuntimeGauges, byte> Runtimes = new();
    private static readonly AsyncLocal<ActivityContext> FetchCause = new();

    static SinchActorsTelemetry()
    {
        Meter.CreateObservableUpDownCounter("sinch.requests.in_flight", () => (long)Runtimes.Keys.Sum(r => r.InFlight), "{request}",
            "Requests admitted and not yet answered.");
        Meter.CreateObservableUpDownCounter("sinch.projects.active", () => (long)Runtimes.Keys.Sum(r => r.ActiveProjects), "{project}",
            "Projects the runtimes currently serve.");
    }

    internal static void Track(IRuntimeGauges runtime) => Runtimes.TryAdd(runtime, 0);

    internal static void Untrack(IRuntimeGauges runtime) => Runtimes.TryRemove(runtime, out _);

    internal static void Stop(Activity? activity, int status, Exception? error)
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
    internal static void TokenFetchCompleted(Activity? activity, string projectId, bool tagProject, long startedAt, Exception? error)
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
        if (tagProject)
            tags.Add(ProjectTag, projectId);
        TokenFetches.Add(1, tags);
        if (TokenFetchDuration.Enabled)
            TokenFetchDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
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

/// <summary>What the runtime gauges observe of one runtime.</summary>
internal interface IRuntimeGauges
{
    /// <summary>Requests admitted and not yet answered.</summary>
    int InFlight { get; }

    /// <summary>Projects the runtime serves.</summary>
    int ActiveProjects { get; }
}
