using Google.Protobuf;
using SinchActors.Auth;
using static SinchActors.Cluster.Wire.Proto;

namespace SinchActors.Cluster.Wire;

/// <summary>
/// The fields of the messages a node sends a key's manager, and of the answers that are not credentials. Field numbers
/// are forever: add new ones, never renumber, retype or reuse one (README.md in this folder).
/// </summary>
internal static class KeyCodecs
{
    // SinchCredentials
    private const uint ProjectId = 1 << 3 | Len, KeyId = 2 << 3 | Len, KeySecret = 3 << 3 | Len, AuthUrl = 4 << 3 | Len, Mode = 5 << 3 | Varint;

    // KeyEnvelope, and CredentialsNeeded (which has only the payload): one field per payload type (a oneof).
    private const uint EntityId = 1 << 3 | Len, Credentials = 2 << 3 | Len;
    private const uint SubscribePayload = 3 << 3 | Len, AskPayload = 4 << 3 | Len, UpdatePayload = 5 << 3 | Len, StatePayload = 6 << 3 | Len;

    // AskCredential
    private const uint AskCorrelationId = 1 << 3 | Varint, AskTimeout = 2 << 3 | Varint, AskProjectId = 3 << 3 | Len, AskNewerThan = 4 << 3 | Varint;

    // UpdateKey, Verified, Refused
    private const uint UpdateCorrelationId = 1 << 3 | Varint, UpdateCredentials = 2 << 3 | Len, UpdateTimeout = 3 << 3 | Varint;
    private const uint RefusedFailure = 2 << 3 | Len;

    // KeyState
    private const uint State = 1 << 3 | Varint, Generation = 2 << 3 | Varint, Waiters = 3 << 3 | Varint, RejectedStreak = 4 << 3 | Varint,
        Address = 5 << 3 | Len;

    // ProjectRecord
    private const uint RecordCredentials = 1 << 3 | Len;

    public static void Write(CodedOutputStream output, KeyEnvelope m)
    {
        output.WriteString(EntityId, m.EntityId);
        if (m.Credentials is { } credentials)
            output.WriteMessage(Credentials, credentials, WriteCredentials);
        WritePayload(output, m.Payload);
    }

    public static KeyEnvelope ReadKeyEnvelope(CodedInputStream input)
    {
        string? entityId = null;
        SinchCredentials? credentials = null;
        ISinchClusterMessage? payload = null;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case EntityId: entityId = input.ReadString(); break;
                case Credentials: credentials = input.ReadMessage(0, static (i, _) => ReadCredentials(i)); break;
                default: payload = ReadPayload(input, tag) ?? payload; break;
            }
        }
        return new KeyEnvelope(entityId ?? throw Missing("the entity ID"), credentials, payload ?? throw Missing("a payload this version knows"));
    }

    public static void Write(CodedOutputStream output, CredentialsNeeded m) => WritePayload(output, m.Payload);

    public static CredentialsNeeded ReadCredentialsNeeded(CodedInputStream input)
    {
        ISinchClusterMessage? payload = null;
        while (input.ReadTag() is var tag and not 0)
            payload = ReadPayload(input, tag) ?? payload;
        return new CredentialsNeeded(payload ?? throw Missing("a payload this version knows"));
    }

    public static void Write(CodedOutputStream output, AskCredential m)
    {
        output.WriteInt64(AskCorrelationId, m.CorrelationId);
        output.WriteTicks(AskTimeout, m.Timeout);
        output.WriteString(AskProjectId, m.ProjectId);
        output.WriteInt64(AskNewerThan, m.NewerThan);
    }

    public static AskCredential ReadAskCredential(CodedInputStream input)
    {
        long correlationId = 0, newerThan = 0;
        var timeout = TimeSpan.Zero;
        string? projectId = null;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case AskCorrelationId: correlationId = input.ReadInt64(); break;
                case AskTimeout: timeout = input.ReadTicks(); break;
                case AskProjectId: projectId = input.ReadString(); break;
                case AskNewerThan: newerThan = input.ReadInt64(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new AskCredential(correlationId, timeout, projectId, newerThan);
    }

    public static void Write(CodedOutputStream output, UpdateKey m)
    {
        output.WriteInt64(UpdateCorrelationId, m.CorrelationId);
        output.WriteMessage(UpdateCredentials, m.Credentials, WriteCredentials);
        output.WriteOptionalInt64(UpdateTimeout, m.Timeout?.Ticks);
    }

    public static UpdateKey ReadUpdateKey(CodedInputStream input)
    {
        long correlationId = 0;
        SinchCredentials? credentials = null;
        TimeSpan? timeout = null;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case UpdateCorrelationId: correlationId = input.ReadInt64(); break;
                case UpdateCredentials: credentials = input.ReadMessage(0, static (i, _) => ReadCredentials(i)); break;
                case UpdateTimeout: timeout = input.ReadTicks(); break; // present, even when zero
                default: input.SkipLastField(); break;
            }
        }
        return new UpdateKey(correlationId, credentials ?? throw Missing("the credentials"), timeout);
    }

    public static void Write(CodedOutputStream output, Verified m) => output.WriteInt64(UpdateCorrelationId, m.CorrelationId);

    public static Verified ReadVerified(CodedInputStream input)
    {
        long correlationId = 0;
        while (input.ReadTag() is var tag and not 0)
        {
            if (tag == UpdateCorrelationId)
                correlationId = input.ReadInt64();
            else
                input.SkipLastField();
        }
        return new Verified(correlationId);
    }

    public static void Write(CodedOutputStream output, Refused m)
    {
        output.WriteInt64(UpdateCorrelationId, m.CorrelationId);
        output.WriteMessage(RefusedFailure, m.Failure, FailureCodec.Write);
    }

    public static Refused ReadRefused(CodedInputStream input)
    {
        long correlationId = 0;
        WireFailure? failure = null;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case UpdateCorrelationId: correlationId = input.ReadInt64(); break;
                case RefusedFailure: failure = input.ReadMessage(0, static (i, _) => FailureCodec.Read(i)); break;
                default: input.SkipLastField(); break;
            }
        }
        return new Refused(correlationId, failure ?? throw Missing("the failure"));
    }

    public static void Write(CodedOutputStream output, KeyState m)
    {
        output.WriteInt32(State, (int)m.State);
        output.WriteInt64(Generation, m.Generation);
        output.WriteInt32(Waiters, m.Waiters);
        output.WriteInt32(RejectedStreak, m.RejectedStreak);
        output.WriteString(Address, m.Address);
    }

    public static KeyState ReadKeyState(CodedInputStream input)
    {
        var state = default(TokenManagerState);
        long generation = 0;
        int waiters = 0, rejectedStreak = 0;
        var address = "";
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case State: state = (TokenManagerState)input.ReadInt32(); break;
                case Generation: generation = input.ReadInt64(); break;
                case Waiters: waiters = input.ReadInt32(); break;
                case RejectedStreak: rejectedStreak = input.ReadInt32(); break;
                case Address: address = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new KeyState(state, generation, waiters, rejectedStreak, address);
    }

    public static void Write(CodedOutputStream output, ProjectRecord m) => output.WriteMessage(RecordCredentials, m.Credentials, WriteCredentials);

    public static ProjectRecord ReadProjectRecord(CodedInputStream input)
    {
        SinchCredentials? credentials = null;
        while (input.ReadTag() is var tag and not 0)
        {
            if (tag == RecordCredentials)
                credentials = input.ReadMessage(0, static (i, _) => ReadCredentials(i));
            else
                input.SkipLastField();
        }
        return new ProjectRecord(credentials ?? throw Missing("the credentials"));
    }

    private static void WritePayload(CodedOutputStream output, ISinchClusterMessage payload)
    {
        switch (payload)
        {
            case Subscribe: output.WriteMessage(SubscribePayload, 0, static (_, _) => { }); break;
            case AskCredential ask: output.WriteMessage(AskPayload, ask, Write); break;
            case UpdateKey update: output.WriteMessage(UpdatePayload, update, Write); break;
            case GetKeyState: output.WriteMessage(StatePayload, 0, static (_, _) => { }); break;
            default: throw new ArgumentException($"{payload.GetType().Name} does not go to a key's manager.", nameof(payload));
        }
    }

    /// <summary>The payload of <paramref name="tag"/>; <c>null</c> (the field skipped) for a tag this version does not know.</summary>
    private static ISinchClusterMessage? ReadPayload(CodedInputStream input, uint tag)
    {
        switch (tag)
        {
            case SubscribePayload: return input.ReadEmpty(Subscribe.Instance);
            case AskPayload: return input.ReadMessage(0, static (i, _) => ReadAskCredential(i));
            case UpdatePayload: return input.ReadMessage(0, static (i, _) => ReadUpdateKey(i));
            case StatePayload: return input.ReadEmpty(GetKeyState.Instance);
            default:
                input.SkipLastField();
                return null;
        }
    }

    private static void WriteCredentials(CodedOutputStream output, SinchCredentials c)
    {
        output.WriteString(ProjectId, c.ProjectId);
        output.WriteString(KeyId, c.KeyId);
        output.WriteString(KeySecret, c.KeySecret);
        output.WriteString(AuthUrl, c.AuthUrl.AbsoluteUri);
        output.WriteInt32(Mode, (int)c.Mode);
    }

    private static SinchCredentials ReadCredentials(CodedInputStream input)
    {
        string? projectId = null, keyId = null, keySecret = null, authUrl = null;
        var mode = default(SinchAuthMode);
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case ProjectId: projectId = input.ReadString(); break;
                case KeyId: keyId = input.ReadString(); break;
                case KeySecret: keySecret = input.ReadString(); break;
                case AuthUrl: authUrl = input.ReadString(); break;
                case Mode: mode = (SinchAuthMode)input.ReadInt32(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new SinchCredentials(projectId ?? throw Missing("the project ID"), keyId ?? throw Missing("the key ID"),
            keySecret ?? throw Missing("the key secret"), new Uri(authUrl ?? throw Missing("the token URL")), mode);
    }

    internal static InvalidDataException Missing(string what) => new($"The message has no {what}.");
}
