using Microsoft.Extensions.Logging;
using SinchActors.Emulator.Faults;

namespace SinchActors.Emulator;

/// <summary>Settings fixed when the emulator starts. Faults can also be changed later through <see cref="SinchEmulator.Faults"/>.</summary>
public sealed record EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 (the default) picks a free ephemeral port.</summary>
    public int Port { get; init; }

    /// <summary>Clock for token issue/expiry, rate limiters, fault windows and injected latency. Tests pass a <c>FakeTimeProvider</c>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Lifetime of issued access tokens (<c>expires_in</c>). Default one hour, like Sinch.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>
    /// Issue tokens the way most OAuth2 servers do: issued at the current second rounded down (a whole-second JWT
    /// <c>iat</c>) and expiring <see cref="TokenLifetime"/> after that (<c>exp = iat + expires_in</c>), so a token lives
    /// up to 1 s less than announced; the API answers 401 (expired) from <c>exp</c> on. Off by default: a token
    /// expires exactly <see cref="TokenLifetime"/> after it was issued.
    /// </summary>
    public bool WholeSecondTokens { get; init; }

    /// <summary>Token endpoint bucket size per key. Default 30 (Sinch Node SDK comment).</summary>
    public int TokenBucketCapacity { get; init; } = 30;

    /// <summary>Token endpoint bucket refill per key, tokens per second. Default 10.</summary>
    public double TokenBucketRefillPerSecond { get; init; } = 10;

    /// <summary>API requests per second allowed per key when it authenticates with HTTP Basic. Default 5; the burst equals the rate.</summary>
    public double BasicAuthRequestsPerSecond { get; init; } = 5;

    /// <summary>
    /// Keys a project may hold before create answers 400. Real Sinch allows 10; the default is 10,000 so tests
    /// can work with thousands of keys in one project.
    /// </summary>
    public int MaxKeysPerProject { get; init; } = 10_000;

    /// <summary>Faults active from the start (seed and rules). Null means none.</summary>
    public FaultSettings? Faults { get; init; }

    /// <summary>ASP.NET Core log level. Warning by default so the hot path never logs per request.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;
}
