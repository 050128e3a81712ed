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
        var completion = new TaskRequestCompletion();
        if (_intake.TryAdmit(request, completion) is { } envelope)
        {
            completion.ObserveCancellation(cancellationToken);
            _pool.Tell(envelope);
        }
        return completion.Task;
    }
}
