using Google.Protobuf;
using static SinchActors.Cluster.Wire.Proto;

namespace SinchActors.Cluster.Wire;

/// <summary>The fields of a <see cref="WireFailure"/>, nested in <see cref="Failed"/> and <see cref="Refused"/>.</summary>
internal static class FailureCodec
{
    private const uint Kind = 1 << 3 | Varint, ProjectId = 2 << 3 | Len, KeyId = 3 << 3 | Len, StatusCode = 4 << 3 | Varint, Error = 5 << 3 | Len,
        Description = 6 << 3 | Len, AuthenticationFailure = 7 << 3 | Varint, CauseKind = 8 << 3 | Varint, CauseMessage = 9 << 3 | Len;

    public static void Write(CodedOutputStream output, WireFailure f)
    {
        output.WriteInt32(Kind, (int)f.Kind);
        output.WriteString(ProjectId, f.ProjectId);
        output.WriteString(KeyId, f.KeyId);
        output.WriteOptionalInt32(StatusCode, f.StatusCode);
        output.WriteString(Error, f.Error);
        output.WriteString(Description, f.Description);
        output.WriteInt32(AuthenticationFailure, (int)f.AuthenticationFailure);
        output.WriteOptionalInt32(CauseKind, (int?)f.CauseKind);
        output.WriteString(CauseMessage, f.CauseMessage);
    }

    public static WireFailure Read(CodedInputStream input)
    {
        var kind = default(WireFailureKind);
        string? projectId = null, keyId = null, error = null, description = null, causeMessage = null;
        int? statusCode = null;
        var authenticationFailure = default(SinchAuthenticationFailure);
        TokenFailureKind? causeKind = null;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case Kind: kind = (WireFailureKind)input.ReadInt32(); break;
                case ProjectId: projectId = input.ReadString(); break;
                case KeyId: keyId = input.ReadString(); break;
                case StatusCode: statusCode = input.ReadInt32(); break;
                case Error: error = input.ReadString(); break;
                case Description: description = input.ReadString(); break;
                case AuthenticationFailure: authenticationFailure = (SinchAuthenticationFailure)input.ReadInt32(); break;
                case CauseKind: causeKind = (TokenFailureKind)input.ReadInt32(); break;
                case CauseMessage: causeMessage = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new WireFailure(kind, projectId, keyId, statusCode, error, description, authenticationFailure, causeKind, causeMessage);
    }
}
