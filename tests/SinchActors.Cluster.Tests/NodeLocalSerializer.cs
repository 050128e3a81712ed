using System.Collections.Concurrent;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace SinchActors.Cluster.Tests;

/// <summary>
/// Lets the cluster specs run with <c>akka.actor.serialize-messages = on</c>: every message bound to a real serializer
/// (SinchActors' wire messages, Akka's own) makes the full round trip on every send, local ones included, while the
/// runtime's node-local messages (requests with their completions, the token managers' own protocol) keep their
/// identity. Bound to <c>System.Object</c>, it hands out a ticket that only the same actor system can redeem: a
/// node-local message that reached another node fails to deserialize there, and that node's serializer records it in
/// <see cref="Leaks"/>. Each actor system has its own instance (<see cref="Of"/>), so the specs, which run in parallel,
/// each see only the leaks into their own nodes.
/// </summary>
public sealed class NodeLocalSerializer(ExtendedActorSystem actorSystem) : Serializer(actorSystem)
{
    private const int Id = 7499;

    // Unique in the process, not per system: a ticket of another system can never redeem one of this system's messages.
    private static long s_nextTicket;
    private readonly ConcurrentDictionary<long, object> _tickets = new();
    private readonly ConcurrentQueue<string> _leaks = new();

    /// <summary>The instance of <paramref name="system"/> (bound to <c>System.Object</c>).</summary>
    public static NodeLocalSerializer Of(ActorSystem system) => (NodeLocalSerializer)system.Serialization.FindSerializerForType(typeof(object));

    /// <summary>
    /// SinchActors' node-local messages that another actor system sent to this one, each as "type from sender to
    /// receiver" (node addresses). Akka's own messages that have no serializer binding of their own also pass through
    /// this catch-all binding; they are not SinchActors' wire format to pin down, so they are not recorded.
    /// </summary>
    public IReadOnlyList<string> Leaks => _leaks.ToList();

    public override int Identifier => Id;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        var ticket = Interlocked.Increment(ref s_nextTicket);
        _tickets[ticket] = obj;
        return [.. BitConverter.GetBytes(ticket), .. Encoding.UTF8.GetBytes($"{obj.GetType().FullName} from {Address}")];
    }

    public override object FromBinary(byte[] bytes, Type type)
    {
        if (_tickets.TryRemove(BitConverter.ToInt64(bytes), out var message))
            return message;
        var leak = $"{Encoding.UTF8.GetString(bytes, 8, bytes.Length - 8)} to {Address}";
        if (leak.StartsWith("SinchActors.", StringComparison.Ordinal))
            _leaks.Enqueue(leak);
        throw new InvalidOperationException($"A node-local message crossed to another node: {leak}.");
    }

    private Address Address => system.Provider.DefaultAddress;
}
