namespace SinchActors.Cli.Cluster;

/// <summary>
/// Where each access key's token manager runs, as the nodes report it, and every move seen. A manager that shows up on
/// another node process than where it was last seen (handed off by a node that left, or rebalanced onto one that
/// joined) started afresh there and fetches a token of its own: the token-request bound allows one per move.
/// </summary>
internal sealed class ManagerHomes
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, string> _homes = new(StringComparer.Ordinal);
    private readonly List<string> _moves = [];

    /// <summary>The key of each move seen, in order (a key that moved twice is there twice).</summary>
    public IReadOnlyList<string> Moves
    {
        get
        {
            lock (_homes)
                return _moves.ToList();
        }
    }

    /// <summary>Asks <paramref name="nodes"/> which managers they host and records any that moved.</summary>
    /// <returns>How many each node hosts, by name; null for a node that did not answer.</returns>
    public async Task<IReadOnlyDictionary<string, int?>> SampleAsync(IEnumerable<NodeProcess> nodes)
    {
        var sampled = await Task.WhenAll(nodes.Select(async node => (Node: node, Keys: await node.ManagersAsync())));
        lock (_homes)
        {
            foreach (var (node, keys) in sampled)
            {
                foreach (var key in keys ?? [])
                {
                    if (_homes.TryGetValue(key, out var home) && home != node.Address)
                        _moves.Add(key);
                    _homes[key] = node.Address ?? "";
                }
            }
        }
        return sampled.ToDictionary(s => s.Node.Name, s => s.Keys?.Count);
    }

    /// <summary>
    /// Samples the nodes that take calls twice a second until <paramref name="stop"/>: rebalancing moves managers at
    /// any time, and a move happens seconds after the last (a node must leave or join first), so none is missed.
    /// </summary>
    public async Task FollowAsync(Func<IEnumerable<NodeProcess>> nodes, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await SampleAsync(nodes().Where(node => node.Accepting));
                await Task.Delay(Interval, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // The load ended.
        }
    }
}
