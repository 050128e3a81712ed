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
    private static long s_leaks;
    private readonly ConcurrentDictionary<long, object> _tickets = new();
    private long _nextTicket;

    /// <summary>Node-local messages that some other actor system tried to deserialize.</summary>
    public static long Leaks => Interlocked.Read(ref s_leaks);

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
        Interlocked.Increment(ref s_leaks);
        throw new InvalidOperationException($"A node-local message ({System.Text.Encoding.UTF8.GetString(bytes, 8, bytes.Length - 8)}) crossed to another node.");
    }
}
