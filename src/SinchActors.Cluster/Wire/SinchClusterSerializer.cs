using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Google.Protobuf;

namespace SinchActors.Cluster.Wire;

/// <summary>
/// The Protobuf wire format of every <see cref="ISinchClusterMessage"/>: a one-letter manifest per type, tagged fields
/// that later versions may add to and earlier readers skip, actor references as their serialized paths (resolved on
/// the receiving node). Bound to the marker interface by <see cref="Register"/>, so no SinchActors message ever falls
/// back to the default serializer. Bytes that do not read fail as a <see cref="System.Runtime.Serialization.SerializationException"/>
/// naming the manifest, which Akka.Remote logs and drops without closing the association.
/// </summary>
public sealed class SinchClusterSerializer : SerializerWithStringManifest
{
    /// <summary>
    /// The serializer's identifier: every node must agree on it. 7414 was the positional format before Protobuf, which
    /// has no version to tell them apart: a node of that format drops these messages as of an unknown serializer
    /// instead of misreading them.
    /// </summary>
    public const int Id = 7415;

    /// <summary>The name it is registered under (<c>akka.actor.serializers.sinch-cluster</c>).</summary>
    public const string Name = "sinch-cluster";

    /// <summary>Creates the serializer.</summary>
    /// <param name="system">The actor system, to resolve actor paths.</param>
    public SinchClusterSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <summary>
    /// Binds <see cref="ISinchClusterMessage"/> to this serializer on <paramref name="system"/>, the way Akka's own
    /// plugins do: as a configuration fallback, which the serialization subsystem reads whenever one is injected.
    /// </summary>
    /// <param name="system">The actor system.</param>
    public static void Register(ActorSystem system) => system.Settings.InjectTopLevelFallback(Config);

    /// <summary>The HOCON that registers and binds the serializer (also shown in <c>hocon/cluster.conf</c>).</summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.{{Name}} = "{{typeof(SinchClusterSerializer).FullName}}, {{typeof(SinchClusterSerializer).Assembly.GetName().Name}}"
          serialization-bindings { "{{typeof(ISinchClusterMessage).FullName}}, {{typeof(ISinchClusterMessage).Assembly.GetName().Name}}" = {{Name}} }
        }
        """);

    /// <inheritdoc />
    public override string Manifest(object o) => o switch
    {
        KeyEnvelope => "K",
        CredentialsNeeded => "N",
        Subscribe => "S",
        Unsubscribe => "U",
        Subscribed => "D",
        AskCredential => "A",
        Issued => "I",
        Granted => "G",
        Failed => "F",
        Withdrawn => "W",
        RejectToken => "R",
        UpdateKey => "P",
        Verified => "V",
        Refused => "X",
        GetKeyState => "Q",
        KeyState => "T",
        ProjectRecord => "J",
        Replies.SinchShardedReplySucceeded => "Y",
        Replies.SinchShardedReplyFailed => "Z",
        _ => throw new ArgumentException($"{GetType().Name} cannot serialize {o.GetType()}.", nameof(o)),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => obj switch
    {
        KeyEnvelope m => Proto.ToBytes(m, 0, KeyCodecs.Write),
        CredentialsNeeded m => Proto.ToBytes(m, 0, KeyCodecs.Write),
        Subscribe or Unsubscribe or Subscribed or GetKeyState => [],
        AskCredential m => Proto.ToBytes(m, 0, KeyCodecs.Write),
        Issued m => Proto.ToBytes(m, 0, CredentialCodecs.Write),
        Granted m => Proto.ToBytes(m, 0, CredentialCodecs.Write),
        Failed m => Proto.ToBytes(m, 0, CredentialCodecs.Write),
        Withdrawn m => Proto.ToBytes(m, 0, CredentialCodecs.Write),
        RejectToken m => Proto.ToBytes(m, 0, CredentialCodecs.Write),
        UpdateKey m => Proto.ToBytes(m, 0, KeyCodecs.Write),
        Verified m => Proto.ToBytes(m, 0, KeyCodecs.Write),
        Refused m => Proto.ToBytes(m, 0, KeyCodecs.Write),
        KeyState m => Proto.ToBytes(m, 0, KeyCodecs.Write),
        ProjectRecord m => Proto.ToBytes(m, 0, KeyCodecs.Write),
        Replies.SinchShardedReplySucceeded m => Proto.ToBytes(m, m.Body.Length, ReplyCodecs.Write),
        Replies.SinchShardedReplyFailed m => Proto.ToBytes(m, 0, ReplyCodecs.Write),
        _ => throw new ArgumentException($"{GetType().Name} cannot serialize {obj.GetType()}.", nameof(obj)),
    };

    /// <inheritdoc />
    /// <exception cref="WireFormatException">The bytes do not read as the manifest's message, or the manifest is unknown.</exception>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            var input = new CodedInputStream(bytes);
            return manifest switch
            {
                "K" => KeyCodecs.ReadKeyEnvelope(input),
                "N" => KeyCodecs.ReadCredentialsNeeded(input),
                "S" => Subscribe.Instance,
                "U" => Unsubscribe.Instance,
                "D" => Subscribed.Instance,
                "Q" => GetKeyState.Instance,
                "A" => KeyCodecs.ReadAskCredential(input),
                "I" => CredentialCodecs.ReadIssued(input, system),
                "G" => CredentialCodecs.ReadGranted(input, system),
                "F" => CredentialCodecs.ReadFailed(input),
                "W" => CredentialCodecs.ReadWithdrawn(input),
                "R" => CredentialCodecs.ReadRejectToken(input),
                "P" => KeyCodecs.ReadUpdateKey(input),
                "V" => KeyCodecs.ReadVerified(input),
                "X" => KeyCodecs.ReadRefused(input),
                "T" => KeyCodecs.ReadKeyState(input),
                "J" => KeyCodecs.ReadProjectRecord(input),
                "Y" => ReplyCodecs.ReadSucceeded(input),
                "Z" => ReplyCodecs.ReadFailed(input),
                _ => throw new WireFormatException(manifest, bytes.Length, $"{GetType().Name} does not know manifest '{manifest}'", null),
            };
        }
        catch (Exception e) when (e is not WireFormatException)
        {
            throw new WireFormatException(manifest, bytes.Length, $"{GetType().Name} cannot read the {bytes.Length} bytes of manifest '{manifest}'", e);
        }
    }
}
