namespace SinchActors.Emulator.Faults;

/// <summary>What an injected fault does.</summary>
public enum FaultKind
{
    /// <summary>Delays the request by <see cref="FaultRule.LatencyMs"/> plus a seeded random share of <see cref="FaultRule.JitterMs"/>; stacks with other faults.</summary>
    Latency,

    /// <summary>Answers <see cref="FaultRule.StatusCode"/> with the body chosen by <see cref="FaultRule.Body"/> (and <c>Retry-After</c> when set).</summary>
    Error,

    /// <summary>Starts a 200 response, writes part of a body, then aborts the connection.</summary>
    Abort,

    /// <summary>Answers 401 as if the credentials were invalid, although they are valid.</summary>
    Unauthorized,
}

/// <summary>Which routes a fault applies to.</summary>
public enum FaultTarget
{
    /// <summary>Token endpoint and every API route.</summary>
    Any,

    /// <summary>Only <c>POST /oauth2/token</c>.</summary>
    Token,

    /// <summary>Every API route (Access Keys, SMS and Numbers), not the token endpoint.</summary>
    Api,

    /// <summary>Only the Access Keys API.</summary>
    AccessKeys,

    /// <summary>Only the SMS batches API.</summary>
    Sms,

    /// <summary>Only the Numbers API.</summary>
    Numbers,
}

/// <summary>
/// When a failing fault strikes. The distinction matters to clients: a request that failed
/// <see cref="AfterProcessing"/> has had its effect (a POST created its key) and must not be blindly repeated.
/// </summary>
public enum FaultTiming
{
    /// <summary>The request fails before the emulator does anything with it (no state change, no auth check).</summary>
    BeforeProcessing,

    /// <summary>The request is fully processed (state changed, counters updated), then its answer is replaced by the fault.</summary>
    AfterProcessing,
}

/// <summary>Body of an <see cref="FaultKind.Error"/> answer.</summary>
public enum FaultBody
{
    /// <summary>The route's own error shape: RFC 6749 on the token endpoint, <c>{"error":{…}}</c> on Access Keys and Numbers, <c>{code,text}</c> on SMS.</summary>
    Json,

    /// <summary>No body at all.</summary>
    Empty,

    /// <summary>An nginx-style HTML error page (<c>text/html</c>), as proxies send.</summary>
    Html,

    /// <summary><see cref="FaultRule.RawBody"/> verbatim with <see cref="FaultRule.ContentType"/>.</summary>
    Raw,
}
