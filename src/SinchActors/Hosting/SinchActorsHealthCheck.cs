using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SinchActors.Hosting;

/// <summary>
/// The runtime's health: <see cref="HealthStatus.Unhealthy"/> when it cannot serve at all (shutting down, its
/// actor system terminated); <see cref="HealthStatus.Degraded"/> when some access key's last token request failed or
/// some circuit is open (the other projects are served); otherwise <see cref="HealthStatus.Healthy"/>. The data
/// lists the affected keys and projects, never secrets.
/// </summary>
public sealed class SinchActorsHealthCheck : IHealthCheck
{
    private readonly SinchRuntime _runtime;

    /// <summary>Creates the check of <paramref name="runtime"/>.</summary>
    /// <param name="runtime">The runtime to check.</param>
    public SinchActorsHealthCheck(SinchRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_runtime.IsAccepting)
            return Task.FromResult(HealthCheckResult.Unhealthy("The SinchActors runtime is shut down or shutting down."));
        var failingAuth = _runtime.Health.FailingAuth;
        var openCircuits = _runtime.Health.OpenCircuits;
        var data = new Dictionary<string, object>
        {
            ["inFlight"] = _runtime.InFlight,
            ["projects"] = _runtime.ActiveProjects,
        };
        if (failingAuth.Count == 0 && openCircuits.Count == 0)
            return Task.FromResult(HealthCheckResult.Healthy("SinchActors is serving requests.", data));
        if (failingAuth.Count > 0)
            data["failingAuth"] = failingAuth;
        if (openCircuits.Count > 0)
            data["openCircuits"] = openCircuits;
        return Task.FromResult(HealthCheckResult.Degraded(
            $"SinchActors is serving, but {failingAuth.Count} access key(s) fail to authenticate and {openCircuits.Count} circuit(s) are open.",
            data: data));
    }
}
