using SinchActors.Emulator.Faults;
using SinchActors.Cli.Load;

namespace SinchActors.Cli.Configuration;

/// <summary>How much trouble the embedded emulator makes during a demo.</summary>
internal enum FaultProfile
{
    /// <summary>No faults: every request should succeed on its first attempt.</summary>
    None,

    /// <summary>
    /// The default: a few 502s, 429s with Retry-After and spurious 401s, and API answers in 80–160 ms like a Sinch
    /// region across an ocean (which also makes the default run outlive its 20-second tokens, so they are refreshed).
    /// Idempotent calls recover by retrying; a POST/PATCH answered 502 fails (it may have been processed, so it is
    /// not repeated).
    /// </summary>
    Mild,

    /// <summary>
    /// Many more of those, aborted connections, a flaky token endpoint, up to 50 ms latency and one project whose
    /// API is down for the whole run (its circuit opens; the other projects do not notice).
    /// </summary>
    Chaos,
}

/// <summary>The emulator rules of each <see cref="FaultProfile"/> and the failure kinds they can cause.</summary>
internal static class FaultProfiles
{
    public static FaultSettings Settings(FaultProfile profile, int seed, string downProjectId) => new()
    {
        Seed = seed,
        Rules = profile switch
        {
            FaultProfile.None => [],
            FaultProfile.Mild =>
            [
                new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.Api, LatencyMs = 80, JitterMs = 80 },
                new FaultRule { Kind = FaultKind.Error, Target = FaultTarget.Api, StatusCode = 502, Probability = 0.004 },
                new FaultRule { Kind = FaultKind.Error, Target = FaultTarget.Api, StatusCode = 429, RetryAfterSeconds = 1, Probability = 0.003 },
                new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, Probability = 0.002 },
            ],
            _ =>
            [
                new FaultRule { Kind = FaultKind.Latency, Target = FaultTarget.Any, LatencyMs = 1, JitterMs = 49 },
                new FaultRule { Kind = FaultKind.Error, Target = FaultTarget.Api, ProjectId = downProjectId, StatusCode = 503 },
                new FaultRule { Kind = FaultKind.Error, Target = FaultTarget.Token, StatusCode = 503, Probability = 0.1 },
                new FaultRule { Kind = FaultKind.Error, Target = FaultTarget.Api, StatusCode = 503, Probability = 0.03 },
                new FaultRule { Kind = FaultKind.Error, Target = FaultTarget.Api, StatusCode = 429, RetryAfterSeconds = 1, Probability = 0.02 },
                new FaultRule { Kind = FaultKind.Unauthorized, Target = FaultTarget.Api, Probability = 0.01 },
                // Aborts happen after processing, so only on GET: a repeated write would hit a changed state.
                new FaultRule { Kind = FaultKind.Abort, Target = FaultTarget.Api, Method = "GET", Probability = 0.01 },
            ],
        },
    };

    /// <summary>
    /// Whether a failure kind (see <see cref="FailureKinds"/>) is one the profile's faults can cause. Anything
    /// else (a 404, a refused key, a bug) is unexpected and makes the run fail.
    /// </summary>
    public static bool IsExpected(FaultProfile profile, string failureKind) => profile switch
    {
        FaultProfile.None => false,
        // A call whose retry with the next token meets a second spurious 401 fails with it: one more attempt per 401 is the rule.
        FaultProfile.Mild => failureKind is "SinchApiException 502" or "SinchApiException 429" or "SinchApiException 401",
        _ => failureKind is "SinchApiException 503" or "SinchApiException 429" or "SinchApiException 401" or nameof(SinchCircuitOpenException)
            or nameof(SinchDeadlineExceededException) or nameof(SinchTransportException) or nameof(SinchAuthUnavailableException),
    };
}
