using Google.Protobuf;
using SinchActors.Cluster.Replies;
using static SinchActors.Cluster.Wire.Proto;

namespace SinchActors.Cluster.Wire;

/// <summary>
/// The fields of the answers to requests sent for sharded entities (one per request: the hot path of the wire).
/// Field numbers are forever: add new ones, never renumber, retype or reuse one (README.md in this folder).
/// </summary>
internal static class ReplyCodecs
{
    private const uint CorrelationId = 1 << 3 | Len;

    // SinchShardedReplySucceeded
    private const uint Status = 2 << 3 | Varint, ContentType = 3 << 3 | Len, Body = 4 << 3 | Len, Attempts = 5 << 3 | Varint;

    // SinchShardedReplyFailed
    private const uint ErrorType = 2 << 3 | Len, Message = 3 << 3 | Len, ProjectId = 4 << 3 | Len, IsTransient = 5 << 3 | Varint,
        FailedStatus = 6 << 3 | Varint, ErrorCode = 7 << 3 | Len;

    public static void Write(CodedOutputStream output, SinchShardedReplySucceeded m)
    {
        output.WriteString(CorrelationId, m.CorrelationId);
        output.WriteInt32(Status, m.StatusCode);
        output.WriteString(ContentType, m.ContentType);
        output.WriteBytes(Body, m.Body);
        output.WriteInt32(Attempts, m.Attempts);
    }

    public static SinchShardedReplySucceeded ReadSucceeded(CodedInputStream input)
    {
        string correlationId = "";
        string? contentType = null;
        int status = 0, attempts = 0;
        byte[] body = [];
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case CorrelationId: correlationId = input.ReadString(); break;
                case Status: status = input.ReadInt32(); break;
                case ContentType: contentType = input.ReadString(); break;
                case Body: body = input.ReadByteArray(); break;
                case Attempts: attempts = input.ReadInt32(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new SinchShardedReplySucceeded(correlationId, status, contentType, body, attempts);
    }

    public static void Write(CodedOutputStream output, SinchShardedReplyFailed m)
    {
        output.WriteString(CorrelationId, m.CorrelationId);
        output.WriteString(ErrorType, m.ErrorType);
        output.WriteString(Message, m.Message);
        output.WriteString(ProjectId, m.ProjectId);
        output.WriteBool(IsTransient, m.IsTransient);
        output.WriteOptionalInt32(FailedStatus, m.StatusCode);
        output.WriteString(ErrorCode, m.ErrorCode);
    }

    public static SinchShardedReplyFailed ReadFailed(CodedInputStream input)
    {
        string correlationId = "", errorType = "", message = "";
        string? projectId = null, errorCode = null;
        var isTransient = false;
        int? status = null;
        while (input.ReadTag() is var tag and not 0)
        {
            switch (tag)
            {
                case CorrelationId: correlationId = input.ReadString(); break;
                case ErrorType: errorType = input.ReadString(); break;
                case Message: message = input.ReadString(); break;
                case ProjectId: projectId = input.ReadString(); break;
                case IsTransient: isTransient = input.ReadBool(); break;
                case FailedStatus: status = input.ReadInt32(); break;
                case ErrorCode: errorCode = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new SinchShardedReplyFailed(correlationId, errorType, message, projectId, isTransient) { StatusCode = status, ErrorCode = errorCode };
    }
}
