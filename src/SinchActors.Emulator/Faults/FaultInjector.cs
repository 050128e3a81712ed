using SinchActors.Emulator.Http;

namespace SinchActors.Emulator.Faults;

/// <summary>
/// Holds the active fault rules and decides, per request, which strike. Thread-safe; decisions are serialized
/// so that one seed and one request order always give the same faults. With no rules the check is one array read.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private RuleState[] _rules = [];
    private Random _random = new();
    private int? _seed;

    internal FaultInjector(TimeProvider time, FaultSettings? initial)
    {
        _time = time;
        if (initial is not null) Set(initial);
    }

    /// <summary>The active settings; each rule's <see cref="FaultRule.Count"/> shows the strikes it has left.</summary>
    public FaultSettings Current
    {
        get
        {
            lock (_gate)
            {
                var rules = new List<FaultRule>(_rules.Length);
                foreach (var state in _rules) rules.Add(state.Rule with { Count = state.Remaining });
                return new FaultSettings { Seed = _seed, Rules = rules };
            }
        }
    }

    /// <summary>Replaces all rules. A seed restarts the random sequence; no seed keeps an unseeded random.</summary>
    public void Set(FaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var states = new RuleState[settings.Rules.Count];
        for (var i = 0; i < states.Length; i++) states[i] = new RuleState(Validate(settings.Rules[i]));
        lock (_gate)
        {
            _seed = settings.Seed;
            _random = settings.Seed is { } seed ? new Random(seed) : new Random();
            Volatile.Write(ref _rules, states);
        }
    }

    /// <summary>Appends one rule after the existing ones, keeping the random sequence.</summary>
    public void Add(FaultRule rule)
    {
        var state = new RuleState(Validate(rule));
        lock (_gate) Volatile.Write(ref _rules, [.. _rules, state]);
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_gate) Volatile.Write(ref _rules, []);
    }

    internal FaultDecision Decide(RouteKind route, string? projectId, string method, FaultTiming timing)
    {
        if (Volatile.Read(ref _rules).Length == 0) return FaultDecision.None;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var latencyMs = 0;
            FaultRule? failure = null;
            foreach (var state in _rules)
            {
                var rule = state.Rule;
                var isLatency = rule.Kind == FaultKind.Latency;
                var applies = isLatency ? timing == FaultTiming.BeforeProcessing : rule.Timing == timing && failure is null;
                if (!applies) continue;
                if (state.Remaining == 0 || !Matches(rule, route, projectId, method, now)) continue;
                if (rule.Probability < 1 && _random.NextDouble() >= rule.Probability) continue;
                if (state.Remaining is { } remaining) state.Remaining = remaining - 1;
                if (isLatency) latencyMs += rule.LatencyMs + (rule.JitterMs > 0 ? _random.Next(rule.JitterMs + 1) : 0);
                else failure = rule;
            }
            return new FaultDecision(TimeSpan.FromMilliseconds(latencyMs), failure);
        }
    }

    private static bool Matches(FaultRule rule, RouteKind route, string? projectId, string method, DateTimeOffset now)
    {
        var targetMatches = rule.Target switch
        {
            FaultTarget.Any => true,
            FaultTarget.Token => route == RouteKind.Token,
            FaultTarget.Api => route != RouteKind.Token,
            FaultTarget.AccessKeys => route == RouteKind.AccessKeys,
            FaultTarget.Sms => route == RouteKind.Sms,
            FaultTarget.Numbers => route == RouteKind.Numbers,
            _ => false,
        };
        return targetMatches
            && (rule.ProjectId is null || string.Equals(rule.ProjectId, projectId, StringComparison.Ordinal))
            && (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
            && (rule.ActiveFrom is null || now >= rule.ActiveFrom)
            && (rule.ActiveUntil is null || now < rule.ActiveUntil);
    }

    private static FaultRule Validate(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Probability is < 0 or > 1) throw new ArgumentException("Probability must be between 0 and 1.", nameof(rule));
        if (rule.Count < 0) throw new ArgumentException("Count must not be negative.", nameof(rule));
        if (rule.LatencyMs < 0 || rule.JitterMs < 0) throw new ArgumentException("Latency and jitter must not be negative.", nameof(rule));
        if (rule.Kind == FaultKind.Error && rule.StatusCode is < 100 or > 599) throw new ArgumentException("StatusCode must be an HTTP status.", nameof(rule));
        // A copy, so a caller mutating its rule afterwards cannot change the active one.
        return rule with { };
    }

    private sealed class RuleState(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;

        public int? Remaining { get; set; } = rule.Count;
    }
}
