using Polly;
using SinchActors.Http;

namespace SinchActors.Projects;

/// <summary>
/// A project's circuit-breaker pipelines, one per API host, built on the first request to that host. Almost every
/// project talks to one or two hosts, so a copy-on-write array read without locks beats a shared dictionary keyed by
/// (host, project) in both speed and memory.
/// </summary>
internal sealed class BreakerPipelines
{
    private Entry[] _entries = [];

    public ResiliencePipeline<HttpAttemptResult> GetOrAdd(string authority, Func<ResiliencePipeline<HttpAttemptResult>> build)
    {
        while (true)
        {
            var entries = Volatile.Read(ref _entries);
            foreach (var entry in entries)
            {
                if (string.Equals(entry.Authority, authority, StringComparison.Ordinal))
                    return entry.Pipeline;
            }
            var grown = new Entry[entries.Length + 1];
            entries.CopyTo(grown, 0);
            grown[^1] = new Entry(authority, build());
            // A racing thread may have added the same host: retry, so exactly one breaker per host survives.
            if (Interlocked.CompareExchange(ref _entries, grown, entries) == entries)
                return grown[^1].Pipeline;
        }
    }

    private sealed record Entry(string Authority, ResiliencePipeline<HttpAttemptResult> Pipeline);
}
