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

/// <summary>
/// <c>ActorRegistry</c> key of the project registry, the parent of the token managers (one per access key). Manage
/// projects through <see cref="SinchRuntime.Projects"/> (also registered as <see cref="Projects.ISinchProjects"/>).
/// </summary>
public sealed class SinchProjectRegistry
{
    private SinchProjectRegistry()
    {
    }
}
