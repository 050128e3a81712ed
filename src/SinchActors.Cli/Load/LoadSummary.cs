namespace SinchActors.Cli.Load;

/// <summary>The result of a <c>demo</c> or <c>run</c>: what <c>--json</c> prints, and what the summary table shows.</summary>
internal sealed record LoadSummary
{
    public required string Command { get; init; }
    /// <summary>"embedded emulator" or the API base URL.</summary>
    public required string Target { get; init; }
    public required string Faults { get; init; }
    public required bool Interrupted { get; init; }
    public required double ElapsedSeconds { get; init; }
    public required int Projects { get; init; }
    public required int Keys { get; init; }
    public required int Concurrency { get; init; }
    public double? TokenTtlSeconds { get; init; }
    public required RequestTotals Requests { get; init; }
    public required double ThroughputPerSecond { get; init; }
    public required LatencySummary LatencyMs { get; init; }
    public required Dictionary<string, long> Operations { get; init; }
    public required TokenFetchSummary TokenFetches { get; init; }
    public required RetrySummary Retries { get; init; }
    /// <summary>
    /// The emulator's non-2xx answers by status ("aborted" for cut connections): each led to one retry, or to a
    /// failure when not retryable. Null against a real target.
    /// </summary>
    public Dictionary<string, long>? ServerAnswers { get; init; }
    public required FailureSummary Failures { get; init; }
    /// <summary><c>demo --nodes N</c>: the nodes, the one killed or the restarts, the token managers that moved; null for one process.</summary>
    public ClusterSummary? Cluster { get; init; }
    public required int ExitCode { get; init; }
    /// <summary>Why the run failed, as printed on stderr (project, key ID, the server's error); null unless the exit code is 1.</summary>
    public string? Verdict { get; init; }
}

internal sealed record RequestTotals(long Submitted, long Completed, long Succeeded, long Failed, long Cancelled, long Lost);

/// <param name="Total">Token fetches the runtime started.</param>
/// <param name="Failed">Of those, how many failed (and were retried by the token manager).</param>
/// <param name="Minimum">The fewest fetches that could have served the run: per key, one per token lifetime begun.</param>
/// <param name="ByKey">Per access key.</param>
internal sealed record TokenFetchSummary(long Total, long Failed, long Minimum, IReadOnlyList<KeyTokenFetches> ByKey);

/// <param name="KeyId">The access key.</param>
/// <param name="Projects">The projects using it (a parent project's key also serves its subprojects).</param>
/// <param name="Fetches">Token fetches for the key.</param>
/// <param name="Minimum">One per token lifetime begun during the run.</param>
/// <param name="Failed">Of the fetches, how many failed.</param>
/// <param name="Early">Fetches less than half a token lifetime, less the server's whole second, after the key's
/// previous one: a replacement for a token the API rejected (401) or a retry after a failed fetch, not a proactive
/// refresh (at 75% of that at the earliest).</param>
/// <param name="AtSeconds">When each fetch started, in seconds since the run's start (negative: before it).</param>
internal sealed record KeyTokenFetches(string KeyId, IReadOnlyList<string> Projects, long Fetches, long Minimum, long Failed, long Early,
    IReadOnlyList<double> AtSeconds)
{
    /// <summary>
    /// Whether each fetch of <paramref name="atSeconds"/> came early: less than half a lifetime, less the server's whole
    /// second, after the previous one (a lifetime under 2 s is refreshed at the next second, which may come at once).
    /// </summary>
    public static bool[] EarlyFlags(IReadOnlyList<double> atSeconds, double lifetimeSeconds) =>
        atSeconds.Select((at, i) => i > 0 && at - atSeconds[i - 1] < (lifetimeSeconds >= 2 ? lifetimeSeconds - 1 : 0) / 2).ToArray();
}

/// <param name="Total">Attempts beyond the first, counted by the caller from <c>SinchResponse.Attempts</c> and
/// <c>SinchDeadlineExceededException.Attempts</c>.</param>
/// <param name="ByReason">By reason, from the runtime's <c>sinch.retries</c> metric; null when the runtime publishes none
/// (then see <see cref="LoadSummary.ServerAnswers"/>).</param>
internal sealed record RetrySummary(long Total, Dictionary<string, long>? ByReason);

/// <param name="Total">Calls that ended with an exception other than cancellation.</param>
/// <param name="ByKind">Exception type, plus the status of API errors.</param>
/// <param name="Unexpected">Failures of kinds the fault profile (or a real target) cannot cause; any makes the exit code 1.</param>
internal sealed record FailureSummary(long Total, Dictionary<string, long> ByKind, long Unexpected);

/// <summary>The cluster part of <c>demo --nodes N</c>.</summary>
/// <param name="Nodes">Every node, the killed one included; a restarted node's calls count all its processes.</param>
/// <param name="Tls">Whether every node's remoting ran TLS (<c>--tls</c>), as each node said when it was up.</param>
/// <param name="Killed">The node hard-killed half-way (the one hosting most token managers); null if the run ended
/// first, or with <c>--rolling-restart</c>.</param>
/// <param name="KilledAtSeconds">When, in seconds since the run's start.</param>
/// <param name="Restarts">With <c>--rolling-restart</c>: each node's graceful restart, in order; empty otherwise.</param>
/// <param name="RestartFailure">Why the rolling restart did not complete (a node did not leave or rejoin in time, or the
/// load ended first); null when it did.</param>
/// <param name="ManagersMoved">Token managers that started again on another node: those the killed node hosted, or with
/// <c>--rolling-restart</c> every hand-off and rebalance seen.</param>
/// <param name="MovedKeys">Their access keys, one per move.</param>
/// <param name="FailedOnSurvivors">Calls that failed on the nodes that were not killed.</param>
/// <param name="TokenRequests">Token requests the emulator received, from every node.</param>
/// <param name="TokenRequestsAllowed">The most the run may make: per key one token plus one per refresh the run's length
/// allows (at the earliest refresh point, <c>refresh-fraction - refresh-jitter</c> of the lifetime less the server's whole
/// second), one per spurious 401 the emulator injected (a rejected token is replaced once, cluster-wide), one per failed
/// token request (retried), and one per moved manager.</param>
/// <param name="TokenRequestBound">The terms of <paramref name="TokenRequestsAllowed"/>, in words.</param>
internal sealed record ClusterSummary(IReadOnlyList<ClusterNodeSummary> Nodes, bool Tls, string? Killed, double? KilledAtSeconds,
    IReadOnlyList<NodeRestart> Restarts, string? RestartFailure, int ManagersMoved, IReadOnlyList<string> MovedKeys, long FailedOnSurvivors,
    long TokenRequests, long TokenRequestsAllowed, string TokenRequestBound);

/// <summary>One node's graceful restart in <c>demo --nodes N --rolling-restart</c>.</summary>
/// <param name="Node"><c>node-1</c>, …</param>
/// <param name="StoppedAtSeconds">When its process had left the cluster and exited, in seconds since the run's start.</param>
/// <param name="RejoinedAtSeconds">When its new process was up in the cluster.</param>
internal sealed record NodeRestart(string Node, double StoppedAtSeconds, double RejoinedAtSeconds);

/// <param name="Name"><c>node-1</c>, …</param>
/// <param name="Address">Its cluster address.</param>
/// <param name="Calls">Calls it completed.</param>
/// <param name="Failed">Of those, failed.</param>
/// <param name="Killed">Whether the demo killed it.</param>
/// <param name="Managers">Token managers it hosted when the node to kill was chosen, or when the rolling restart began;
/// null when it did not answer.</param>
internal sealed record ClusterNodeSummary(string Name, string Address, long Calls, long Failed, bool Killed, int? Managers);
