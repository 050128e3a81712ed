using System.Collections.Concurrent;

namespace SinchActors.Diagnostics;

/// <summary>
/// What the health check reports, kept up to date by the token client decorator and the circuit breakers: the
/// projects whose last token fetch failed and the (host, project) circuits that are open. Written only when state
/// changes, never per request.
/// </summary>
internal sealed class RuntimeHealth
{
    private readonly ConcurrentDictionary<string, string> _failingAuth = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Authority, string ProjectId), byte> _openCircuits = new();

    public void AuthSucceeded(string projectId)
    {
        if (!_failingAuth.IsEmpty)
            _failingAuth.TryRemove(projectId, out _);
    }

    public void AuthFailed(string projectId, string reason) => _failingAuth[projectId] = reason;

    public void CircuitOpened(string authority, string projectId) => _openCircuits[(authority, projectId)] = 0;

    public void CircuitClosed(string authority, string projectId) => _openCircuits.TryRemove((authority, projectId), out _);

    /// <summary>Projects whose last token fetch failed, with the failure's description (never a secret).</summary>
    public IReadOnlyDictionary<string, string> FailingAuth => new Dictionary<string, string>(_failingAuth);

    /// <summary>Open circuits as "project @ host".</summary>
    public IReadOnlyList<string> OpenCircuits => _openCircuits.Keys.Select(k => $"{k.ProjectId} @ {k.Authority}").ToList();
}
