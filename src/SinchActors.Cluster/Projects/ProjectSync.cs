using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using SinchActors.Auth;
using SinchActors.Cluster.Sharding;
using SinchActors.Cluster.Wire;
using SinchActors.Projects;

namespace SinchActors.Cluster.Projects;

/// <summary>
/// Keeps a node's projects equal to the cluster's: the projects live in one replicated map (Distributed Data,
/// last writer wins per project), and every node's <see cref="ProjectSync"/> applies each change to its own registry.
/// Changes made through <see cref="SinchClusterProjects"/> are written with majority consistency; a rotation is first
/// verified on the node that makes it (its token manager, shared by every node, then already uses the new secret),
/// so the other nodes take it without a token request of their own.
/// </summary>
internal sealed class ProjectSync : UntypedActor
{
    internal static readonly LWWDictionaryKey<string, ProjectRecord> Key = new("sinch-actors-projects");

    private readonly ISinchProjects _local;
    private readonly TimeSpan _writeTimeout;
    private readonly IActorRef _replicator;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, SinchCredentials> _applied = new(StringComparer.Ordinal);

    public ProjectSync(ISinchProjects local, TimeSpan writeTimeout)
    {
        _local = local;
        _writeTimeout = writeTimeout;
        _replicator = DistributedData.Get(Context.System).Replicator;
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
    }

    public static Props Props(ISinchProjects local, TimeSpan writeTimeout) => Akka.Actor.Props.Create(() => new ProjectSync(local, writeTimeout));

    /// <summary>Registers a project on every node; answers <see cref="Akka.Done"/> once this node serves it, or <see cref="Status.Failure"/>.</summary>
    public sealed record Add(SinchCredentials Credentials);

    /// <summary>Rotates a project's credentials on every node after this node verified them; answers like <see cref="Add"/>.</summary>
    public sealed record Update(SinchCredentials Credentials);

    /// <summary>Removes a project from every node; answers <c>bool</c>: whether it was registered.</summary>
    public sealed record Remove(string ProjectId);

    private sealed record Write(object Operation, IActorRef ReplyTo);

    private sealed record Verified(Update Update, IActorRef ReplyTo, Exception? Error);

    private sealed record Applied(string ProjectId, string Operation, Exception? Error);

    protected override void PreStart() => _replicator.Tell(Dsl.Subscribe(Key, Self));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Add add when _applied.ContainsKey(add.Credentials.ProjectId):
                Sender.Tell(new Status.Failure(new ArgumentException($"Project '{add.Credentials.ProjectId}' is already registered.", "credentials")));
                break;
            case Add add:
                _applied[add.Credentials.ProjectId] = add.Credentials;
                WriteMap(add, Sender, map => map.SetItem(_cluster, add.Credentials.ProjectId, new ProjectRecord(add.Credentials)));
                break;
            case Update update:
                var replyTo = Sender;
                _local.UpdateAsync(update.Credentials).PipeTo(Self, success: () => new Verified(update, replyTo, null),
                    failure: error => new Verified(update, replyTo, error));
                break;
            case Verified { Error: { } error } refused:
                refused.ReplyTo.Tell(new Status.Failure(error));
                break;
            case Verified verified:
                var credentials = verified.Update.Credentials;
                _applied[credentials.ProjectId] = credentials;
                WriteMap(verified.Update, verified.ReplyTo, map => map.SetItem(_cluster, credentials.ProjectId, new ProjectRecord(credentials)));
                break;
            case Remove remove:
                _applied.Remove(remove.ProjectId);
                WriteMap(remove, Sender, map => map.Remove(_cluster, remove.ProjectId));
                break;
            case UpdateSuccess { Request: Write written }:
                OnWritten(written);
                break;
            case IUpdateFailure { Request: Write failed }:
                failed.ReplyTo.Tell(new Status.Failure(new TimeoutException(
                    $"The change of the cluster's projects was not confirmed by a majority of nodes within {_writeTimeout}; it may still spread.")));
                break;
            case Changed changed when changed.Key.Equals(Key):
                Apply(changed.Get(Key));
                break;
            case Applied { Error: { } error } applied:
                _log.Warning("Project {0}: {1} from the cluster's projects failed on this node: {2}", applied.ProjectId, applied.Operation, error.Message);
                break;
            case Applied:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void WriteMap(object operation, IActorRef replyTo, Func<LWWDictionary<string, ProjectRecord>, LWWDictionary<string, ProjectRecord>> modify) =>
        _replicator.Tell(Dsl.Update(Key, LWWDictionary<string, ProjectRecord>.Empty, new WriteMajority(_writeTimeout), new Write(operation, replyTo), modify));

    /// <summary>A change of this node is in the map: apply it here too, and answer once it is.</summary>
    private void OnWritten(Write written)
    {
        switch (written.Operation)
        {
            case Add add:
                _local.AddAsync(add.Credentials).PipeTo(written.ReplyTo, success: () => Akka.Done.Instance);
                break;
            case Update:
                written.ReplyTo.Tell(Akka.Done.Instance); // applied here already: it was verified here
                break;
            case Remove remove:
                _local.RemoveAsync(remove.ProjectId).PipeTo(written.ReplyTo);
                break;
        }
    }

    /// <summary>Brings this node's registry to the map: adds, rotates and removes what differs from what it applied.</summary>
    private void Apply(LWWDictionary<string, ProjectRecord> map)
    {
        foreach (var (projectId, record) in map)
        {
            var credentials = record.Credentials;
            if (!_applied.TryGetValue(projectId, out var current))
                Run(projectId, "add", _local.AddAsync(credentials));
            else if (!current.SameSecret(credentials))
                Run(projectId, "update", _local.UpdateAsync(credentials));
            else
                continue;
            _applied[projectId] = credentials;
        }
        foreach (var projectId in _applied.Keys.Where(id => !map.ContainsKey(id)).ToList())
        {
            _applied.Remove(projectId);
            Run(projectId, "remove", _local.RemoveAsync(projectId));
        }
    }

    private void Run(string projectId, string operation, Task task) =>
        task.PipeTo(Self, success: () => new Applied(projectId, operation, null), failure: error => new Applied(projectId, operation, error));
}
