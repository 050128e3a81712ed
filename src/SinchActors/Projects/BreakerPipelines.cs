using Polly;

namespace SinchActors.Projects;

/// <summary>
/// A project's circuit-breaker pipelines, one per API host, each built on the first failure at that host that counts
/// against a circuit: a project that never failed holds none (a Polly breaker costs about 2.3 KB, most of an idle
/// project's memory otherwise). The breaker's sampling starts with that failure; successes before it would only have
/// diluted the failure ratio within one sampling window. Almost every project talks to one or two hosts, so a
/// copy-on-write array read without locks beats a shared dictionary keyed by (host, project) in both speed and memory.
/// The pipelines are untyped: what they carry, and which outcomes count, is the request pipeline's business
/// (<see cref="Requests.RetryDecision.CountsAgainstCircuit"/>).
/// </summary>
internal sealed class BreakerPipelines
{
    private Entry[] _entries = [];

    /// <summary>Hosts with a breaker.</summary>
    public int Count => Volatile.Read(ref _entries).Length;

    /// <summary>The breaker of <paramref name="authority"/>, or <c>null</c> while no call to it has failed.</summary>
    public ResiliencePipeline? Find(string authority)
    {
        foreach (var entry in Volatile.Read(ref _entries))
        {
            if (string.Equals(entry.Authority, authority, StringComparison.Ordinal))
                return entry.Pipeline;
        }
        return null;
    }

    /// <summary>The breaker of <paramref name="authority"/>, built with <paramref name="build"/> if there is none.</summary>
    public ResiliencePipeline GetOrAdd(string authority, Func<ResiliencePipeline> build)
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

    private sealed record Entry(string Authority, ResiliencePipeline Pipeline);
}
