using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Serialization;

namespace SinchActors.Cluster.Tests;

/// <summary>
/// Lets the cluster specs run with <c>akka.actor.serialize-messages = on</c>: every message bound to a real serializer
/// (SinchActors' wire messages, Akka's own) makes the full round trip on every send, local ones included, while the
/// runtime's node-local messages (requests with their completions, the token managers' own protocol) keep their
/// identity. Bound to <c>System.Object</c>, it hands out a ticket that only the same actor system can redeem: a
/// node-local message that reached another node would fail to deserialize there, and <see cref="Leaks"/> counts it.
/// </summary>
public sealed class NodeLocalSerializer(ExtendedActorSystem system) : Serializer(system)
{
    private static readonly ConcurrentQueue<string> s_leaked = new();
    private readonly ConcurrentDictionary<long, object> _tickets = new();
    private long _nextTicket;

    /// <summary>
    /// SinchActors' node-local messages that some other actor system tried to deserialize. Akka's own messages that
    /// have no serializer binding of their own also pass through this catch-all binding; they are recorded in
    /// <see cref="Leaked"/> but are not SinchActors' wire format to pin down, so they do not count here.
    /// </summary>
    public static IReadOnlyList<string> Leaks => s_leaked.Where(type => type.StartsWith("SinchActors.", StringComparison.Ordinal)).ToList();

    /// <summary>The type names of every message that crossed to another node through this serializer.</summary>
    public static IReadOnlyCollection<string> Leaked => s_leaked;

    public override int Identifier => 7499;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        var ticket = Interlocked.Increment(ref _nextTicket);
        _tickets[ticket] = obj;
        return [.. BitConverter.GetBytes(ticket), .. System.Text.Encoding.UTF8.GetBytes(obj.GetType().FullName ?? "")];
    }

    public override object FromBinary(byte[] bytes, Type type)
    {
        if (_tickets.TryRemove(BitConverter.ToInt64(bytes), out var message))
            return message;
        var typeName = System.Text.Encoding.UTF8.GetString(bytes, 8, bytes.Length - 8);
        s_leaked.Enqueue(typeName);
        throw new InvalidOperationException($"A node-local message ({typeName}) crossed to another node.");
    }
}
