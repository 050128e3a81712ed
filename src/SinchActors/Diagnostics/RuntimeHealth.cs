using System.Collections.Concurrent;

namespace SinchActors.Diagnostics;

/// <summary>
/// What the health check reports, kept up to date by the token client decorator and the circuit breakers: the
/// access keys whose last token request failed and the (host, project) circuits that are open. Written only when state
/// changes, never per request. A circuit's opening and closing are also the operators' log events (1201, 1202), written
/// once per change however many breaker callbacks report it.
/// </summary>
internal sealed class RuntimeHealth(RuntimeLog log)
{
    private readonly ConcurrentDictionary<string, string> _failingAuth = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Authority, string ProjectId), byte> _openCircuits = new();

    public void AuthSucceeded(string keyId)
    {
        if (!_failingAuth.IsEmpty)
            _failingAuth.TryRemove(keyId, out _);
    }

    public void AuthFailed(string keyId, string reason) => _failingAuth[keyId] = reason;

    public void CircuitOpened(string authority, string projectId)
    {
        if (_openCircuits.TryAdd((authority, projectId), 0))
            log.CircuitOpened(projectId, authority);
    }

    public void CircuitClosed(string authority, string projectId)
    {
        if (_openCircuits.TryRemove((authority, projectId), out _))
            log.CircuitClosed(projectId, authority);
    }

    /// <summary>Access keys whose last token request failed, with the failure's description (never a secret).</summary>
    public IReadOnlyDictionary<string, string> FailingAuth => new Dictionary<string, string>(_failingAuth);

    /// <summary>Open circuits as "project @ host".</summary>
    public IReadOnlyList<string> OpenCircuits => _openCircuits.Keys.Select(k => $"{k.ProjectId} @ {k.Authority}").ToList();
}
