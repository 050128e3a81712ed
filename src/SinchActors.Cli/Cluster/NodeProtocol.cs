using System.Text.Json;
using System.Text.Json.Serialization;
using SinchActors.Cli.Load;
using SinchActors.Requests;

namespace SinchActors.Cli.Cluster;

/// <summary>
/// What the coordinator of <c>demo --nodes N</c> tells a <c>cluster-node</c> child, one JSON object per line on the
/// child's stdin. <c>start</c> comes first (the projects' secrets and the TLS certificate's password travel here, never
/// on the command line); then <c>call</c>, <c>cancel</c> and <c>managers</c> in any order. Closing stdin stops the
/// node at once (no leave); <c>leave</c> makes it leave the cluster gracefully (its shards handed off) and exit.
/// </summary>
/// <param name="Type"><c>start</c>, <c>call</c>, <c>cancel</c>, <c>managers</c> or <c>leave</c>.</param>
/// <param name="Id">The call (<c>call</c>, <c>cancel</c>) or query (<c>managers</c>) it is about.</param>
internal sealed record NodeCommand(string Type, long Id = 0)
{
    public NodeStart? Start { get; init; }
    public NodeCall? Call { get; init; }
}

/// <summary>How a node joins and what it serves.</summary>
/// <param name="Seed">The address of the node to join; null for the first node, which joins itself.</param>
/// <param name="ApiUrl">The emulator's base URL for every API.</param>
/// <param name="Projects">The projects to register.</param>
internal sealed record NodeStart(string? Seed, string ApiUrl, IReadOnlyList<NodeProject> Projects)
{
    /// <summary>With <c>--tls</c>: the certificate every node presents and accepts (see <see cref="DemoCertificate"/>).</summary>
    public NodeTls? Tls { get; init; }

    /// <summary>
    /// With <c>--rolling-restart</c>: no node crashes, so the failure detector tolerates a 5 s heartbeat pause instead of
    /// 1.5 s (which downs the killed node fast), and a node stalled by a busy machine is not downed.
    /// </summary>
    public bool PatientFailureDetector { get; init; }
}

/// <summary>The demo's TLS certificate file and its password.</summary>
internal sealed record NodeTls(string CertificatePath, string Password)
{
    public override string ToString() => $"NodeTls {{ CertificatePath = {CertificatePath} }}"; // never the password
}

internal sealed record NodeProject(string ProjectId, string KeyId, string KeySecret, string TokenUrl);

/// <summary>A <see cref="SinchRequest"/> as it travels to a node.</summary>
internal sealed record NodeCall(string Method, string ProjectId, SinchApiFamily Family, string Path, string? Query, byte[] Body, bool Idempotent)
{
    public static NodeCall From(SinchRequest r) => new(r.Method, r.ProjectId, r.Family, r.Path, r.Query, r.Body, r.Idempotent);

    public SinchRequest ToRequest() => new(Method, ProjectId, Family, Path) { Query = Query, Body = Body, Idempotent = Idempotent };
}

/// <summary>What a node reports, one JSON object per line on its stdout (nothing else is written there).</summary>
/// <param name="Type"><c>ready</c> (joined, serving), <c>result</c> (a call ended), <c>managers</c> (the answer to a query), <c>error</c> (the node cannot start).</param>
/// <param name="Id">The call or query answered.</param>
internal sealed record NodeEvent(string Type, long Id = 0)
{
    /// <summary>With <c>ready</c>: the node's cluster address.</summary>
    public string? Address { get; init; }

    /// <summary>With <c>ready</c>: whether the node's remoting runs TLS (<c>akka.remote.dot-netty.tcp.enable-ssl</c>).</summary>
    public bool Tls { get; init; }

    /// <summary>With <c>result</c>: the response, when the call succeeded.</summary>
    public NodeResponse? Response { get; init; }

    /// <summary>With <c>result</c>: the failure, when the call failed.</summary>
    public NodeFailure? Failure { get; init; }

    /// <summary>With <c>result</c>: the call was cancelled (by a <c>cancel</c>).</summary>
    public bool Cancelled { get; init; }

    /// <summary>With <c>managers</c>: the access keys whose token managers run on this node.</summary>
    public IReadOnlyList<string>? Managers { get; init; }

    /// <summary>With <c>error</c>: why the node could not start.</summary>
    public string? Message { get; init; }
}

internal sealed record NodeResponse(int StatusCode, byte[] Body, int Attempts);

/// <summary>A failed call: enough to rebuild an API error or a deadline, and to name any other failure's kind.</summary>
/// <param name="Kind">As <see cref="Load.FailureKinds"/> names it on the node.</param>
/// <param name="Message">The exception's message (library messages never contain secrets).</param>
/// <param name="ProjectId">The project of the call.</param>
/// <param name="Attempts">Attempts made (known for deadlines).</param>
internal sealed record NodeFailure(string Kind, string Message, string? ProjectId, int Attempts)
{
    public int? StatusCode { get; init; }
    public string? Code { get; init; }
    public string? StatusText { get; init; }
    public string? ErrorMessage { get; init; }
    public string? Method { get; init; }
    public string? Path { get; init; }
    public double? DeadlineSeconds { get; init; }

    public static NodeFailure From(Exception e)
    {
        var kind = Load.FailureKinds.Of(e);
        var message = e.InnerException is { } cause ? $"{e.Message} ({cause.Message})" : e.Message;
        return e switch
        {
            SinchApiException api => new NodeFailure(kind, message, api.ProjectId, 1)
            {
                StatusCode = api.StatusCode, Code = api.Code, StatusText = api.StatusText, ErrorMessage = api.ErrorMessage, Method = api.Method,
                Path = api.Path,
            },
            SinchDeadlineExceededException deadline => new NodeFailure(kind, message, deadline.ProjectId, deadline.Attempts)
            {
                DeadlineSeconds = deadline.Deadline.TotalSeconds,
            },
            _ => new NodeFailure(kind, message, (e as SinchException)?.ProjectId, 1),
        };
    }

    /// <summary>The failure as the coordinator's load engine counts it: the same kind, and the same type where it matters.</summary>
    public Exception ToException() => this switch
    {
        { StatusCode: { } status } => new SinchApiException(status, Code, StatusText, ErrorMessage ?? "", [], "", Method ?? "", Path ?? "", ProjectId),
        { DeadlineSeconds: { } seconds } => new SinchDeadlineExceededException(ProjectId, TimeSpan.FromSeconds(seconds), Attempts),
        _ => new RemoteCallException(Kind, Message, ProjectId),
    };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(NodeCommand))]
[JsonSerializable(typeof(NodeEvent))]
internal sealed partial class NodeProtocolJsonContext : JsonSerializerContext
{
    public static string Line(NodeCommand command) => JsonSerializer.Serialize(command, Default.NodeCommand);

    public static string Line(NodeEvent e) => JsonSerializer.Serialize(e, Default.NodeEvent);
}
