using System.Diagnostics;
using SinchActors.Diagnostics;

namespace SinchActors.Auth;

/// <summary>
/// Wraps the runtime's token client with metrics, a span per fetch and the auth state the health check reports,
/// so the token manager needs no instrumentation of its own. <paramref name="metrics"/>: the runtime's instruments.
/// </summary>
internal sealed class ObservedTokenClient(ITokenClient inner, RuntimeHealth health, RuntimeMetrics metrics) : ITokenClient
{
    public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
    {
        // Started inside this async method, the span is current for the token call only, never for the actor.
        var activity = SinchActorsTelemetry.StartTokenFetch(credentials.ProjectId, credentials.KeyId);
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            var grant = await inner.FetchAsync(credentials, cancellationToken).ConfigureAwait(false);
            SinchActorsTelemetry.TokenFetchCompleted(metrics, activity, credentials.ProjectId, startedAt, null);
            health.AuthSucceeded(credentials.KeyId);
            return grant;
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            SinchActorsTelemetry.TokenFetchCompleted(metrics, activity, credentials.ProjectId, startedAt, e);
            throw;
        }
        catch (Exception e)
        {
            SinchActorsTelemetry.TokenFetchCompleted(metrics, activity, credentials.ProjectId, startedAt, e);
            health.AuthFailed(credentials.KeyId, e is SinchException ? e.Message : e.GetType().Name);
            throw;
        }
    }
}
