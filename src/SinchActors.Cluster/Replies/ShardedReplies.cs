using Akka.Actor;
using Akka.Cluster.Sharding;
using SinchActors.Requests;
using SinchActors.Hosting;

namespace SinchActors.Cluster.Replies;

/// <summary>
/// A request from a sharded entity whose answer must reach the entity wherever it is when the answer comes: Tell it
/// to the node's replies actor (<see cref="SinchShardedReplies.Start"/>); the answer goes to
/// <paramref name="Region"/> in a <see cref="ShardingEnvelope"/> for <paramref name="EntityId"/>, so an entity that
/// passivated meanwhile is started again to receive it, and one that moved receives it on its new node.
/// </summary>
/// <param name="Region">The entity's shard region (its extractor must understand <see cref="ShardingEnvelope"/>, as the default ones do).</param>
/// <param name="EntityId">The entity to answer.</param>
/// <param name="CorrelationId">Echoed in the answer.</param>
/// <param name="Request">The request.</param>
public sealed record SendSinchRequestViaRegion(IActorRef Region, string EntityId, string CorrelationId, SinchRequest Request);

/// <summary>The answer to a <see cref="SendSinchRequestViaRegion"/> that succeeded: the response in a form that crosses nodes.</summary>
/// <param name="CorrelationId">The request's correlation ID.</param>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ContentType">The response's content type, when it had one.</param>
/// <param name="Body">The response body.</param>
/// <param name="Attempts">Attempts made, retries included.</param>
public sealed record SinchShardedReplySucceeded(string CorrelationId, int StatusCode, string? ContentType, byte[] Body, int Attempts) : ISinchClusterMessage;

/// <summary>The answer to a <see cref="SendSinchRequestViaRegion"/> that failed.</summary>
/// <param name="CorrelationId">The request's correlation ID.</param>
/// <param name="ErrorType">The failure's type name, for example <c>SinchApiException</c>.</param>
/// <param name="Message">The failure's message (SinchActors' messages never hold secrets).</param>
/// <param name="ProjectId">The project, when known.</param>
/// <param name="IsTransient">Whether trying again later may succeed.</param>
public sealed record SinchShardedReplyFailed(string CorrelationId, string ErrorType, string Message, string? ProjectId, bool IsTransient) : ISinchClusterMessage
{
    /// <summary>The HTTP status the API answered with (<see cref="SinchApiException.StatusCode"/>); <c>null</c> when the failure had none.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The API's error code (<see cref="SinchApiException.Code"/>, for example <c>not_found</c> or <c>404</c>), when it sent one.</summary>
    public string? ErrorCode { get; init; }
}

/// <summary>Starts the actor that sends requests for sharded entities and answers them through their shard region.</summary>
public static class SinchShardedReplies
{
    /// <summary>Starts this node's replies actor on <paramref name="runtime"/>; Tell it <see cref="SendSinchRequestViaRegion"/>.</summary>
    /// <param name="runtime">This node's runtime.</param>
    /// <param name="name">The actor's name.</param>
    /// <returns>The replies actor.</returns>
    public static IActorRef Start(SinchRuntime runtime, string name = "sinch-sharded-replies")
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return runtime.ActorSystem.ActorOf(Props.Create(() => new ShardedReplyRelay(runtime.RequestPool)), name);
    }
}

/// <summary>Sends each request to the request pool as its own and hands the answer to the entity's region.</summary>
internal sealed class ShardedReplyRelay(IActorRef pool) : UntypedActor
{
    private readonly Dictionary<long, SendSinchRequestViaRegion> _waiting = new();
    private long _next;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case SendSinchRequestViaRegion send:
                var requestId = ++_next;
                _waiting.Add(requestId, send);
                pool.Tell(new SendSinchRequest(requestId, send.Request));
                break;
            case SinchRequestSucceeded { CorrelationId: long id } succeeded when _waiting.Remove(id, out var answered):
                var response = succeeded.Response;
                Answer(answered, new SinchShardedReplySucceeded(answered.CorrelationId, (int)response.StatusCode,
                    response.Headers.TryGetValue("Content-Type", out var contentType) ? contentType.FirstOrDefault() : null, response.Body, response.Attempts));
                break;
            case SinchRequestFailed { CorrelationId: long id } failed when _waiting.Remove(id, out var refused):
                var error = failed.Error;
                Answer(refused, new SinchShardedReplyFailed(refused.CorrelationId, error.GetType().Name, error.Message,
                    (error as SinchException)?.ProjectId, error is SinchException { IsTransient: true })
                {
                    StatusCode = (error as SinchApiException)?.StatusCode,
                    ErrorCode = (error as SinchApiException)?.Code,
                });
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private static void Answer(SendSinchRequestViaRegion request, object answer) =>
        request.Region.Tell(new ShardingEnvelope(request.EntityId, answer));
}
