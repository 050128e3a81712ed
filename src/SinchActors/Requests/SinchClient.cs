using Akka.Actor;
using SinchActors.Api.AccessKeys;

namespace SinchActors.Requests;

/// <summary>
/// The <see cref="ISinchClient"/> facade: admits the request, hands its envelope to the worker pool and returns
/// the task the pool completes. No actor, Ask or extra task per call.
/// </summary>
internal sealed class SinchClient : ISinchClient
{
    private readonly RequestIntake _intake;
    private readonly IActorRef _pool;

    public SinchClient(RequestIntake intake, IActorRef pool)
    {
        _intake = intake;
        _pool = pool;
        AccessKeys = new AccessKeysClient(this);
    }

    public AccessKeysClient AccessKeys { get; }

    public Task<SinchResponse> SendAsync(SinchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<SinchResponse>(cancellationToken);
        if (_intake.NeedsLookup(request))
            return SendAfterLookupAsync(request, cancellationToken);
        return Admit(request, cancellationToken);
    }

    private Task<SinchResponse> Admit(SinchRequest request, CancellationToken cancellationToken)
    {
        var completion = new TaskRequestCompletion();
        if (_intake.TryAdmit(request, completion) is { } envelope)
        {
            completion.ObserveCancellation(cancellationToken);
            _pool.Tell(envelope);
        }
        return completion.Task;
    }

    /// <summary>The first requests of a project the credentials provider may know: only they pay for the lookup.</summary>
    private async Task<SinchResponse> SendAfterLookupAsync(SinchRequest request, CancellationToken cancellationToken)
    {
        if (await _intake.LookUpAsync(request, cancellationToken).ConfigureAwait(false) is { } error)
            throw error;
        return await Admit(request, cancellationToken).ConfigureAwait(false);
    }
}
