using System.Globalization;
using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Load;

/// <summary>
/// The exit code of a load run and, when it failed, the one line (for stderr) that says why. A run succeeds only
/// when nothing was lost, at least one call succeeded, and every failure is of a kind the target may legitimately
/// cause after retries; Ctrl+C makes an otherwise good run exit with 130.
/// </summary>
/// <param name="ExitCode">0, 1 or 130.</param>
/// <param name="Reason">Why the run failed: the project, the key ID and the server's error code and description
/// of the decisive failure; null unless <paramref name="ExitCode"/> is 1.</param>
internal sealed record RunVerdict(int ExitCode, string? Reason)
{
    /// <summary>
    /// The failures a real target may cause after retries (see README): throttling and server errors the retries
    /// did not outlast, deadlines, transport errors and open circuits. A refused or unobtainable token, a 4xx other
    /// than 429, a configuration error or anything else is the run's fault, or the account's.
    /// </summary>
    public static bool RealTargetMayCause(string failureKind) => failureKind is "SinchApiException 429" or "SinchApiException 500"
        or "SinchApiException 502" or "SinchApiException 503" or "SinchApiException 504" or nameof(SinchDeadlineExceededException)
        or nameof(SinchTransportException) or nameof(SinchCircuitOpenException);

    /// <param name="totals">The run's counts.</param>
    /// <param name="failuresByKind">Failures by kind (see <see cref="FailureKinds"/>).</param>
    /// <param name="samples">The first failure of each kind.</param>
    /// <param name="isExpected">Whether the target may cause a kind.</param>
    /// <param name="interrupted">Stopped by a signal.</param>
    /// <param name="keyOf">The key ID of a project.</param>
    public static RunVerdict Of(RequestTotals totals, IReadOnlyDictionary<string, long> failuresByKind, IReadOnlyDictionary<string, Exception> samples,
        Func<string, bool> isExpected, bool interrupted, Func<string?, string?> keyOf)
    {
        if (totals.Lost != 0)
            return Failed($"{totals.Lost:N0} calls were lost (submitted, never completed)");

        var unexpected = failuresByKind.Where(f => !isExpected(f.Key)).OrderByDescending(f => f.Value).ToList();
        if (unexpected.Count > 0)
        {
            var (kind, count) = unexpected[0];
            var others = unexpected.Skip(1).Sum(f => f.Value);
            return Failed($"{count:N0} of {totals.Completed:N0} calls failed with {kind}: {Describe(samples[kind], keyOf)}" +
                          (others > 0 ? $" (and {others:N0} other unexpected failures)" : ""));
        }
        if (totals.Succeeded == 0 && failuresByKind.Count > 0)
        {
            var (kind, count) = failuresByKind.MaxBy(f => f.Value);
            return Failed($"no call succeeded: {count:N0} of {totals.Completed:N0} failed with {kind}: {Describe(samples[kind], keyOf)}");
        }
        if (interrupted)
            return new RunVerdict(ExitCodes.Interrupted, null);
        return totals.Succeeded == 0 ? Failed("no call succeeded") : new RunVerdict(ExitCodes.Success, null);
    }

    /// <summary>
    /// The verdict of <c>demo --nodes N</c>: this one, unless it succeeded and the cluster part did not: the rolling
    /// restart did not complete, no node was killed (the run ended before half-way), or the token requests exceeded
    /// what the run needed plus one per moved manager.
    /// </summary>
    public RunVerdict AndCluster(ClusterSummary? cluster, bool interrupted)
    {
        if (cluster is null || ExitCode == ExitCodes.Failure)
            return this;
        if (cluster.RestartFailure is { } failure && !interrupted)
            return Failed($"the rolling restart did not complete: {failure}");
        if (cluster.Killed is null && cluster.Restarts.Count == 0 && !interrupted)
            return Failed("no node was killed: the run ended before half-way, or no node answered which token managers it hosts");
        if (cluster.TokenRequests > cluster.TokenRequestsAllowed)
            return Failed($"{cluster.TokenRequests:N0} token requests, more than the {cluster.TokenRequestsAllowed:N0} allowed " +
                          $"({cluster.TokenRequestBound})");
        return this;
    }

    /// <summary>"project acme, key acme-key: the token endpoint refused the key: HTTP 401 invalid_client (…)"; never a secret.</summary>
    public static string Describe(Exception failure, Func<string?, string?> keyOf)
    {
        var project = (failure as SinchException)?.ProjectId ?? (failure as RemoteCallException)?.ProjectId;
        var key = failure is SinchAuthenticationException refused ? refused.KeyId : keyOf(project);
        var detail = failure switch
        {
            SinchAuthenticationException a => $"the token endpoint refused the key: {Answer(a.StatusCode, a.Error, a.ErrorDescription)}",
            SinchAuthUnavailableException { InnerException: SinchTokenEndpointException t } =>
                $"no token could be obtained in time: {t.Kind}, {Answer(t.StatusCode, t.Error, t.ErrorDescription)}",
            SinchApiException api => $"the API answered {Answer(api.StatusCode, api.Code ?? api.StatusText, api.ErrorMessage)}",
            // Library messages never contain secrets or tokens.
            _ => OneLine(failure.InnerException is { } cause ? $"{failure.Message} ({cause.Message})" : failure.Message),
        };
        return $"project {project ?? "(unknown)"}, key {key ?? "(unknown)"}: {detail}";
    }

    private static string Answer(int? status, string? code, string? description)
    {
        var answer = status is { } s ? $"HTTP {s.ToString(CultureInfo.InvariantCulture)}" : "no HTTP answer";
        if (!string.IsNullOrEmpty(code))
            answer += $" {code}";
        return string.IsNullOrEmpty(description) ? answer : $"{answer} ({OneLine(description)})";
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static RunVerdict Failed(string reason) => new(ExitCodes.Failure, reason);
}
