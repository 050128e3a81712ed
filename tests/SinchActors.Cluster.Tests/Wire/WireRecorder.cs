using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using SinchActors.Cluster.Wire;

namespace SinchActors.Cluster.Tests.Wire;

/// <summary>
/// The SinchActors serializer with a record of what it wrote: registered under its name (<see cref="Config"/>), it
/// takes its place on a node, writes the same bytes and keeps each message's manifest and bytes, so a spec can look
/// for a secret in what crossed the wire. With <c>serialize-messages = on</c> local sends are written too.
/// </summary>
public sealed class WireRecorder(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public static readonly Config Config = ConfigurationFactory.ParseString(
        $"akka.actor.serializers.{SinchClusterSerializer.Name} = \"{typeof(WireRecorder).FullName}, {typeof(WireRecorder).Assembly.GetName().Name}\"");

    private readonly SinchClusterSerializer _serializer = new(system);
    private readonly ConcurrentQueue<(string Manifest, byte[] Bytes)> _written = new();

    /// <summary>The recorder of <paramref name="system"/>, started with <see cref="Config"/>.</summary>
    public static WireRecorder Of(ActorSystem system) => (WireRecorder)system.Serialization.FindSerializerForType(typeof(KeyEnvelope));

    /// <summary>What this node wrote, in order.</summary>
    public IReadOnlyList<(string Manifest, byte[] Bytes)> Written => _written.ToList();

    public override int Identifier => SinchClusterSerializer.Id;

    public override string Manifest(object o) => _serializer.Manifest(o);

    public override byte[] ToBinary(object obj)
    {
        var bytes = _serializer.ToBinary(obj);
        _written.Enqueue((Manifest(obj), bytes));
        return bytes;
    }

    public override object FromBinary(byte[] bytes, string manifest) => _serializer.FromBinary(bytes, manifest);
}
