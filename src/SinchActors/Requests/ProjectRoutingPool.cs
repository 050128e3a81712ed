using Akka.Actor;
using Akka.Util;
using Akka.Dispatch;
using Akka.Routing;

namespace SinchActors.Requests;

/// <summary>
/// The request pool's router: a request goes to the worker its project ID hashes to, so a project's requests and
/// retries always meet the same worker (and its pushed credential). Lighter than Akka's
/// <see cref="ConsistentHashingPool"/>, which encodes and Murmur-hashes the key per message and keeps a ring for
/// routees that come and go; this pool's routees are fixed, so a string hash modulo their count is enough.
/// </summary>
internal sealed class ProjectRoutingPool(int workers, SupervisorStrategy supervisor)
    : Pool(workers, null, supervisor, Dispatchers.DefaultDispatcherId, usePoolDispatcher: false)
{
    public override Router CreateRouter(ActorSystem system) => new(ProjectRoutingLogic.Instance);

    public override int GetNrOfInstances(ActorSystem system) => NrOfInstances;

    public override RouterConfig WithFallback(RouterConfig routerConfig) => this;

    // The pool is created in code for local workers only; it is never deployed from configuration or sent elsewhere.
    public override ISurrogate ToSurrogate(ActorSystem system) =>
        throw new NotSupportedException("The request pool's router is not serializable.");

    private sealed class ProjectRoutingLogic : RoutingLogic
    {
        public static readonly ProjectRoutingLogic Instance = new();

        public override Routee Select(object message, Routee[] routees)
        {
            if (routees.Length == 0)
                return Routee.NoRoutee;
            var projectId = message switch
            {
                RequestEnvelope envelope => envelope.Project.ProjectId,
                SendSinchRequest send => send.Request?.ProjectId,
                _ => null,
            };
            // Anything else (a stray message) goes to the first worker, which leaves what it does not know unhandled.
            return projectId is null ? routees[0] : routees[(int)((uint)projectId.GetHashCode() % (uint)routees.Length)];
        }
    }
}
