using System.Diagnostics;
using SinchActors.Diagnostics;
using SinchActors.Requests;

namespace SinchActors.Auth;

/// <summary>
/// Wraps the runtime's token client with metrics, a span per fetch and the auth state the health check reports,
/// so the token manager needs no instrumentation of its own. <paramref name="tagProject"/>: whether the metrics carry
/// the project (the runtime's <see cref="SinchRequestSettings.IncludeProjectTag"/>).
/// </summary>
internal sealed class ObservedTokenClient(ITokenClient inner, RuntimeHealth health, bool tagProject) : ITokenClient
{
    public async Task<TokenGrant> FetchAsync(SinchCredentials credentials, CancellationToken cancellationToken)
    {
        // Started inside this async method, the span is current for the token call only, never for the actor.
        var activity = SinchActorsTelemetry.StartTokenFetch(credentials.ProjectId, credentials.KeyId);
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            var grant = await inner.FetchAsync(credentials, cancellationToken).ConfigureAwait(false);
            SinchActorsTelemetry.TokenFetchCompleted(activity, credentials.ProjectId, tagProject, startedAt, null);
            health.AuthSucceeded(credentials.KeyId);
            return grant;
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            SinchActorsTelemetry.TokenFetchCompleted(activity, credentials.ProjectId, tagProject, startedAt, e);
            throw;
        }
        catch (Exception e)
        {
            SinchActorsTelemetry.TokenFetchCompleted(activity, credentials.ProjectId, tagProject, startedAt, e);
            health.AuthFailed(credentials.KeyId, e is SinchException ? e.Message : e.GetType().Name);
            throw;
        }
    }
}
