namespace SinchActors.Hosting;

/// <summary>
/// <c>ActorRegistry</c> key of the request worker pool. Inject <c>IRequiredActor&lt;SinchRequestPool&gt;</c> and Tell
/// it <see cref="Requests.SendSinchRequest"/>; the sender receives <see cref="Requests.SinchRequestSucceeded"/> or
/// <see cref="Requests.SinchRequestFailed"/>.
/// </summary>
public sealed class SinchRequestPool
{
    private SinchRequestPool()
    {
    }
}
