using System.Collections.Concurrent;

namespace SinchActors.Http;

/// <summary>
/// Bounds the attempts in flight per API host to <c>max-connections-per-server</c> <em>before</em> an attempt's timeout
/// starts, so waiting for a connection is never mistaken for a slow server: the wait counts only against the
/// request's deadline, and an attempt that never got through the gate was never sent. The handler gets a few more
/// connections than this (for token requests), so it never queues an API call itself.
/// </summary>
internal sealed class ConnectionGates(int perHost)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>The gate of <paramref name="authority"/>.</summary>
    public SemaphoreSlim For(string authority) => _gates.GetOrAdd(authority, static (_, size) => new SemaphoreSlim(size, size), perHost);
}
