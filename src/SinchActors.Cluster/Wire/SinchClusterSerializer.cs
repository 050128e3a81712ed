using System.Net.Http.Headers;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using SinchActors.Auth;

namespace SinchActors.Cluster.Wire;

/// <summary>
/// The compact binary form of every <see cref="ISinchClusterMessage"/>: a one-letter manifest per type, fields in a
/// fixed order, actor references as their serialized paths (resolved on the receiving node). Bound to the marker
/// interface by <see cref="Register"/>, so no SinchActors message ever falls back to the default serializer.
/// </summary>
public sealed class SinchClusterSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer's identifier: every node must agree on it.</summary>
    public const int Id = 7414;

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
    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
            Write(w, obj);
        return stream.ToArray();
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        return Read(r, manifest);
    }

    private void Write(BinaryWriter w, object message)
    {
        switch (message)
        {
            case KeyEnvelope m:
                w.Write(m.EntityId);
                WriteCredentials(w, m.Credentials);
                w.Write(Manifest(m.Payload));
                Write(w, m.Payload);
                break;
            case Subscribe or Unsubscribe or Subscribed or GetKeyState:
                break;
            case AskCredential m:
                w.Write(m.CorrelationId);
                w.Write(m.Timeout.Ticks);
                WriteOptional(w, m.ProjectId);
                w.Write(m.NewerThan);
                break;
            case Issued m:
                WriteCredential(w, m.Credential);
                break;
            case Granted m:
                w.Write(m.CorrelationId);
                WriteCredential(w, m.Credential);
                break;
            case Failed m:
                w.Write(m.CorrelationId);
                WriteFailure(w, m.Failure);
                break;
            case Withdrawn m:
                w.Write(m.Generation);
                break;
            case RejectToken m:
                w.Write(m.Generation);
                w.Write(m.WasAccepted);
                WriteOptional(w, m.ApiMessage);
                break;
            case UpdateKey m:
                WriteCredentials(w, m.Credentials);
                w.Write(m.Timeout?.Ticks ?? -1);
                break;
            case Verified m:
                WriteCredentials(w, m.Credentials);
                break;
            case ProjectRecord m:
                WriteCredentials(w, m.Credentials);
                break;
            case Replies.SinchShardedReplySucceeded m:
                w.Write(m.CorrelationId);
                w.Write(m.StatusCode);
                WriteOptional(w, m.ContentType);
                w.Write(m.Body.Length);
                w.Write(m.Body);
                w.Write(m.Attempts);
                break;
            case Replies.SinchShardedReplyFailed m:
                w.Write(m.CorrelationId);
                w.Write(m.ErrorType);
                w.Write(m.Message);
                WriteOptional(w, m.ProjectId);
                w.Write(m.IsTransient);
                w.Write(m.StatusCode ?? -1);
                WriteOptional(w, m.ErrorCode);
                break;
            case Refused m:
                WriteCredentials(w, m.Credentials);
                WriteFailure(w, m.Failure);
                break;
            case KeyState m:
                w.Write((int)m.State);
                w.Write(m.Generation);
                w.Write(m.Waiters);
                w.Write(m.RejectedStreak);
                w.Write(m.Address);
                break;
            default:
                throw new ArgumentException($"{GetType().Name} cannot serialize {message.GetType()}.", nameof(message));
        }
    }

    private object Read(BinaryReader r, string manifest) => manifest switch
    {
        "K" => new KeyEnvelope(r.ReadString(), ReadCredentials(r), (ISinchClusterMessage)Read(r, r.ReadString())),
        "S" => Subscribe.Instance,
        "U" => Unsubscribe.Instance,
        "D" => Subscribed.Instance,
        "Q" => GetKeyState.Instance,
        "A" => new AskCredential(r.ReadInt64(), TimeSpan.FromTicks(r.ReadInt64()), ReadOptional(r), r.ReadInt64()),
        "I" => new Issued(ReadCredential(r)),
        "G" => new Granted(r.ReadInt64(), ReadCredential(r)),
        "F" => new Failed(r.ReadInt64(), ReadFailure(r)),
        "W" => new Withdrawn(r.ReadInt64()),
        "R" => new RejectToken(r.ReadInt64(), r.ReadBoolean(), ReadOptional(r)),
        "P" => new UpdateKey(ReadCredentials(r), r.ReadInt64() is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null),
        "V" => new Verified(ReadCredentials(r)),
        "J" => new ProjectRecord(ReadCredentials(r)),
        "Y" => new Replies.SinchShardedReplySucceeded(r.ReadString(), r.ReadInt32(), ReadOptional(r), r.ReadBytes(r.ReadInt32()), r.ReadInt32()),
        "Z" => ReadReplyFailed(r),
        "X" => new Refused(ReadCredentials(r), ReadFailure(r)),
        "T" => new KeyState((TokenManagerState)r.ReadInt32(), r.ReadInt64(), r.ReadInt32(), r.ReadInt32(), r.ReadString()),
        _ => throw new System.Runtime.Serialization.SerializationException($"{GetType().Name} does not know manifest '{manifest}'."),
    };

    private static Replies.SinchShardedReplyFailed ReadReplyFailed(BinaryReader r)
    {
        var failed = new Replies.SinchShardedReplyFailed(r.ReadString(), r.ReadString(), r.ReadString(), ReadOptional(r), r.ReadBoolean());
        // A node of an earlier version sends no status and code: its replies still read during a rolling upgrade.
        if (r.BaseStream.Position == r.BaseStream.Length)
            return failed;
        return failed with { StatusCode = r.ReadInt32() is var status and >= 0 ? status : null, ErrorCode = ReadOptional(r) };
    }

    // The secret travels: it is needed wherever the key's manager starts. Enable TLS on Akka.Remote (README).
    private static void WriteCredentials(BinaryWriter w, SinchCredentials c)
    {
        w.Write(c.ProjectId);
        w.Write(c.KeyId);
        w.Write(c.KeySecret);
        w.Write(c.AuthUrl.AbsoluteUri);
        w.Write((byte)c.Mode);
    }

    private static SinchCredentials ReadCredentials(BinaryReader r) =>
        new(r.ReadString(), r.ReadString(), r.ReadString(), new Uri(r.ReadString()), (SinchAuthMode)r.ReadByte());

    private static void WriteCredential(BinaryWriter w, WireCredential c)
    {
        w.Write(c.Generation);
        w.Write(c.Authorization.Scheme);
        WriteOptional(w, c.Authorization.Parameter);
        w.Write(c.UsableFor.Ticks);
        w.Write(Akka.Serialization.Serialization.SerializedActorPath(c.Issuer));
    }

    private WireCredential ReadCredential(BinaryReader r) =>
        new(r.ReadInt64(), new AuthenticationHeaderValue(r.ReadString(), ReadOptional(r)), TimeSpan.FromTicks(r.ReadInt64()),
            system.Provider.ResolveActorRef(r.ReadString()));

    private static void WriteFailure(BinaryWriter w, WireFailure f)
    {
        w.Write((byte)f.Kind);
        WriteOptional(w, f.ProjectId);
        WriteOptional(w, f.KeyId);
        w.Write(f.StatusCode ?? -1);
        WriteOptional(w, f.Error);
        WriteOptional(w, f.Description);
        w.Write((byte)f.AuthenticationFailure);
        w.Write(f.CauseKind is { } kind ? (int)kind : -1);
        WriteOptional(w, f.CauseMessage);
    }

    private static WireFailure ReadFailure(BinaryReader r) =>
        new((WireFailureKind)r.ReadByte(), ReadOptional(r), ReadOptional(r), r.ReadInt32() is var status and >= 0 ? status : null,
            ReadOptional(r), ReadOptional(r), (SinchAuthenticationFailure)r.ReadByte(),
            r.ReadInt32() is var kind and >= 0 ? (TokenFailureKind)kind : null, ReadOptional(r));

    private static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
            w.Write(value);
    }

    private static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;
}
