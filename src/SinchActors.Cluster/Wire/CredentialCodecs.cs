using System.Net.Http.Headers;
using Akka.Actor;
using Google.Protobuf;
using static SinchActors.Cluster.Wire.Proto;

namespace SinchActors.Cluster.Wire;

/// <summary>
/// The fields of what a key's manager sends the nodes: credentials, their withdrawal and failures, and the nodes'
/// rejections. Field numbers are forever: add new ones, never renumber, retype or reuse one (README.md in this folder).
/// </summary>
internal static class CredentialCodecs
{
    // WireCredential
    private const uint Generation = 1 << 3 | Varint, Scheme = 2 << 3 | Len, Parameter = 3 << 3 | Len, UsableFor = 4 << 3 | Varint,
        Issuer = 5 << 3 | Len;

    // Issued, Granted, Failed (Withdrawn and RejectToken start with the generation, field 1 as above)
    private const uint IssuedCredential = 1 << 3 | Len;
    private const uint CorrelationId = 1 << 3 | Varint, GrantedCredential = 2 << 3 | Len, FailedFailure = 2 << 3 | Len;

    // RejectToken
    private const uint WasAccepted = 2 << 3 | Varint, ApiMessage = 3 << 3 | Len;

    public static void Write(CodedOutputStream output, Issued m) => output.WriteMessage(IssuedCredential, m.Credential, Write);

    public static Issued ReadIssued(CodedInputStream input, ExtendedActorSystem system)
    {
        WireCredential? credential = null;
        while (input.ReadTag() is var tag and not 0)
        {
            if (tag == IssuedCredential)
                credential = input.ReadMessage(system, ReadCredential);
            else
                input.SkipLastField();
        }
        return new Issued(credential ?? throw KeyCodecs.Missing("credential"));
    }

    public static void Write(CodedOutputStream output, Granted m)
    {
        output.WriteInt64(CorrelationId, m.CorrelationId);
        output.WriteMessage(GrantedCredential, m.Credential, Write);
    }

    public static Granted ReadGranted(CodedInputStream input, ExtendedActorSystem system)
    {
        long correlationId = 0;
        WireCredential? credential = null;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case CorrelationId: correlationId = input.ReadInt64(); break;
                case GrantedCredential: credential = input.ReadMessage(system, ReadCredential); break;
                default: input.SkipLastField(); break;
            }
        }
        return new Granted(correlationId, credential ?? throw KeyCodecs.Missing("credential"));
    }

    public static void Write(CodedOutputStream output, Failed m)
    {
        output.WriteInt64(CorrelationId, m.CorrelationId);
        output.WriteMessage(FailedFailure, m.Failure, FailureCodec.Write);
    }

    public static Failed ReadFailed(CodedInputStream input)
    {
        long correlationId = 0;
        WireFailure? failure = null;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case CorrelationId: correlationId = input.ReadInt64(); break;
                case FailedFailure: failure = input.ReadMessage(0, static (i, _) => FailureCodec.Read(i)); break;
                default: input.SkipLastField(); break;
            }
        }
        return new Failed(correlationId, failure ?? throw KeyCodecs.Missing("failure"));
    }

    public static void Write(CodedOutputStream output, Withdrawn m) => output.WriteInt64(Generation, m.Generation);

    public static Withdrawn ReadWithdrawn(CodedInputStream input)
    {
        long generation = 0;
        while (input.ReadTag() is var tag and not 0)
        {
            if (tag == Generation)
                generation = input.ReadInt64();
            else
                input.SkipLastField();
        }
        return new Withdrawn(generation);
    }

    public static void Write(CodedOutputStream output, RejectToken m)
    {
        output.WriteInt64(Generation, m.Generation);
        output.WriteBool(WasAccepted, m.WasAccepted);
        output.WriteString(ApiMessage, m.ApiMessage);
    }

    public static RejectToken ReadRejectToken(CodedInputStream input)
    {
        long generation = 0;
        var wasAccepted = false;
        string? apiMessage = null;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case Generation: generation = input.ReadInt64(); break;
                case WasAccepted: wasAccepted = input.ReadBool(); break;
                case ApiMessage: apiMessage = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new RejectToken(generation, wasAccepted, apiMessage);
    }

    private static void Write(CodedOutputStream output, WireCredential c)
    {
        output.WriteInt64(Generation, c.Generation);
        output.WriteString(Scheme, c.Authorization.Scheme);
        output.WriteString(Parameter, c.Authorization.Parameter);
        output.WriteTicks(UsableFor, c.UsableFor);
        output.WriteString(Issuer, Akka.Serialization.Serialization.SerializedActorPath(c.Issuer));
    }

    // Actor references travel as serialized paths and resolve on the receiving node.
    private static WireCredential ReadCredential(CodedInputStream input, ExtendedActorSystem system)
    {
        long generation = 0;
        string? scheme = null, parameter = null, issuer = null;
        var usableFor = TimeSpan.Zero;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case Generation: generation = input.ReadInt64(); break;
                case Scheme: scheme = input.ReadString(); break;
                case Parameter: parameter = input.ReadString(); break;
                case UsableFor: usableFor = input.ReadTicks(); break;
                case Issuer: issuer = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new WireCredential(generation, new AuthenticationHeaderValue(scheme ?? throw KeyCodecs.Missing("authorization scheme"), parameter),
            usableFor, system.Provider.ResolveActorRef(issuer ?? throw KeyCodecs.Missing("issuer")));
    }
}
