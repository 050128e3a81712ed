using System.Diagnostics;

namespace SinchActors.Cli.Load;

/// <summary>Everything a load run's summary is computed from.</summary>
/// <param name="Command">"demo" or "run".</param>
/// <param name="Target">Where the calls went.</param>
/// <param name="Faults">The fault profile's name, or "real" for a real target.</param>
/// <param name="IsExpectedFailure">Whether a failure kind is one the faults can cause.</param>
/// <param name="ProjectsByKey">Which projects use each access key.</param>
/// <param name="TokenLifetime">The token lifetime, for the minimum number of fetches.</param>
/// <param name="ServerAnswers">Non-2xx answers by status from the emulator; null for a real target.</param>
internal sealed record LoadReport(string Command, string Target, string Faults, Func<string, bool> IsExpectedFailure,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ProjectsByKey, TimeSpan TokenLifetime,
    Func<Dictionary<string, long>?> ServerAnswers)
{
    /// <summary>The <c>cluster</c> section of <c>demo --nodes N</c>, given the run's elapsed time; null for one process.</summary>
    public Func<TimeSpan, ClusterSummary?>? Cluster { get; init; }

    public LoadSummary Summarize(LoadPlan plan, LoadOutcome outcome, LoadCounters counters, ITokenFetchLog tokens,
        RetryReasonListener retryReasons)
    {
        var seconds = outcome.Elapsed.TotalSeconds;
        // One token per lifetime begun: the least any client could fetch for a key used throughout the run.
        var minimumPerKey = Math.Max(1, (long)Math.Ceiling(outcome.Elapsed / TokenLifetime));
        var byKey = ProjectsByKey
            .OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => KeyFetches(k.Key, k.Value, tokens.ForKey(k.Key), minimumPerKey, outcome.StartedAt))
            .ToList();
        var failuresByKind = new Dictionary<string, long>(counters.FailuresByKind.OrderBy(f => f.Key, StringComparer.Ordinal));
        var unexpected = failuresByKind.Where(f => !IsExpectedFailure(f.Key)).Sum(f => f.Value);
        var totals = new RequestTotals(counters.Submitted, counters.Completed, counters.Succeeded, counters.Failed,
            counters.Cancelled, counters.Submitted - counters.Completed);
        var cluster = Cluster?.Invoke(outcome.Elapsed);
        var verdict = RunVerdict.Of(totals, failuresByKind, counters.FailureSamples, IsExpectedFailure, outcome.Interrupted,
            project => ProjectsByKey.FirstOrDefault(k => k.Value.Contains(project ?? "")).Key).AndCluster(cluster, outcome.Interrupted);

        return new LoadSummary
        {
            Command = Command,
            Target = Target,
            Faults = Faults,
            Interrupted = outcome.Interrupted,
            ElapsedSeconds = Math.Round(seconds, 2),
            Projects = ProjectsByKey.Values.Sum(p => p.Count),
            Keys = ProjectsByKey.Count,
            Concurrency = plan.Concurrency,
            TokenTtlSeconds = TokenLifetime.TotalSeconds,
            Requests = totals,
            ThroughputPerSecond = seconds > 0 ? Math.Round(totals.Completed / seconds, 1) : 0,
            LatencyMs = outcome.Latency,
            Operations = counters.ByOperation.ToDictionary(o => ToCamelCase(o.Key.ToString()), o => o.Value),
            TokenFetches = new TokenFetchSummary(byKey.Sum(k => k.Fetches), byKey.Sum(k => k.Failed),
                minimumPerKey * byKey.Count, byKey),
            Retries = new RetrySummary(counters.Retries, retryReasons.Published ? retryReasons.ByReason() : null),
            ServerAnswers = ServerAnswers(),
            Failures = new FailureSummary(totals.Failed, failuresByKind, unexpected),
            Cluster = cluster,
            ExitCode = verdict.ExitCode,
            Verdict = verdict.Reason,
        };
    }

    private KeyTokenFetches KeyFetches(string keyId, IReadOnlyList<string> projects, IReadOnlyList<TokenFetch> fetches, long minimum,
        long startedAt)
    {
        var at = fetches.Select(f => Math.Round(Stopwatch.GetElapsedTime(startedAt, f.StartedAt).TotalSeconds, 2)).ToList();
        var early = KeyTokenFetches.EarlyFlags(at, TokenLifetime.TotalSeconds).Count(e => e);
        return new KeyTokenFetches(keyId, projects, fetches.Count, minimum, fetches.Count(f => f.Failed), early, at);
    }

    private static string ToCamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
