namespace SinchActors.Emulator.Faults;

/// <summary>
/// One fault: what it does, which requests it matches, and how often it strikes.
/// A matching rule strikes with <see cref="Probability"/> (drawn from the seeded random) and at most
/// <see cref="Count"/> times; "the next 3 token requests fail with 503" is
/// <c>new FaultRule { Kind = Error, Target = Token, StatusCode = 503, Count = 3 }</c>.
/// Properties are settable (not init-only) so JSON that omits one keeps its default; the injector stores a copy.
/// </summary>
public sealed record FaultRule
{
    /// <summary>What the fault does.</summary>
    public FaultKind Kind { get; set; } = FaultKind.Error;

    /// <summary>Which routes it matches. Default: all.</summary>
    public FaultTarget Target { get; set; } = FaultTarget.Any;

    /// <summary>Only requests for this project (API route project, or on the token endpoint the project of the Basic key ID). Null: any.</summary>
    public string? ProjectId { get; set; }

    /// <summary>Only requests with this HTTP method (case-insensitive). Null: any.</summary>
    public string? Method { get; set; }

    /// <summary>Before or after the request is processed. Ignored for <see cref="FaultKind.Latency"/>, which always delays before.</summary>
    public FaultTiming Timing { get; set; } = FaultTiming.BeforeProcessing;

    /// <summary>Chance (0–1) that a matching request is hit. Default 1: every matching request.</summary>
    public double Probability { get; set; } = 1;

    /// <summary>Strikes left; null means unlimited. <see cref="FaultInjector.Current"/> reports what remains.</summary>
    public int? Count { get; set; }

    /// <summary>Active from this instant on the emulator's clock (inclusive). Null: since always. With <see cref="ActiveUntil"/>, an outage window.</summary>
    public DateTimeOffset? ActiveFrom { get; set; }

    /// <summary>Active until this instant on the emulator's clock (exclusive). Null: forever.</summary>
    public DateTimeOffset? ActiveUntil { get; set; }

    /// <summary>HTTP status of an <see cref="FaultKind.Error"/>. Default 503.</summary>
    public int StatusCode { get; set; } = 503;

    /// <summary>Body of an <see cref="FaultKind.Error"/>. Default: the route's JSON error shape.</summary>
    public FaultBody Body { get; set; } = FaultBody.Json;

    /// <summary>Body sent verbatim when <see cref="Body"/> is <see cref="FaultBody.Raw"/>.</summary>
    public string? RawBody { get; set; }

    /// <summary>Content type of a <see cref="FaultBody.Raw"/> body. Default <c>application/json</c>.</summary>
    public string? ContentType { get; set; }

    /// <summary>When set, an <see cref="FaultKind.Error"/> carries <c>Retry-After: N</c> (seconds).</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Fixed delay of a <see cref="FaultKind.Latency"/> fault, milliseconds.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Extra random delay of a <see cref="FaultKind.Latency"/> fault, uniformly 0..JitterMs milliseconds from the seeded random.</summary>
    public int JitterMs { get; set; }
}
