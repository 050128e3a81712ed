using SinchActors.Emulator.Auth;
using SinchActors.Emulator.Faults;
using SinchActors.Emulator.Projects;
using SinchActors.Emulator.Stats;

namespace SinchActors.Emulator;

/// <summary>Everything the route handlers share, built once per emulator instance (no DI on the hot path).</summary>
internal sealed class EmulatorState
{
    public EmulatorState(EmulatorOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
        Registry = new ProjectRegistry(Time);
        Stats = new EmulatorStats();
        Faults = new FaultInjector(Time, options.Faults);
        Tokens = new TokenIssuer(Registry, Time, options.TokenLifetime, options.WholeSecondTokens, options.TokenBucketCapacity, options.TokenBucketRefillPerSecond);
        Authenticator = new ApiAuthenticator(Registry, Tokens, Stats, Time, options.BasicAuthRequestsPerSecond);
    }

    public EmulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public ProjectRegistry Registry { get; }

    public EmulatorStats Stats { get; }

    public FaultInjector Faults { get; }

    public TokenIssuer Tokens { get; }

    public ApiAuthenticator Authenticator { get; }
}
