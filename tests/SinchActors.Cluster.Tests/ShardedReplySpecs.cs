using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Sharding;
using SinchActors.Cluster.Replies;
using static SinchActors.Cluster.Tests.ClusterTokenSpecs;

namespace SinchActors.Cluster.Tests;

/// <summary>Replies through the shard region: an entity that passivates mid-call still gets its answer.</summary>
public sealed class ShardedReplySpecs : IAsyncLifetime
{
    private const string CallerType = "caller";
    private ClusterNodes _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterNodes.StartAsync(2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_sharded_entity_passivated_mid_call_is_started_again_to_receive_its_answer()
    {
        var project = await _cluster.AddProjectAsync("replied");
        var answers = new ConcurrentQueue<(Guid Incarnation, object Answer)>();
        var callers = new List<Guid>();
        foreach (var node in _cluster.Nodes)
        {
            SinchShardedReplies.Start(node.Runtime);
            await ClusterSharding.Get(node.System).StartAsync(CallerType, _ => Props.Create(() => new Caller(project.ProjectId, answers, callers)),
                ClusterShardingSettings.Create(node.System), new EnvelopeExtractor());
        }

        ClusterSharding.Get(_cluster.Nodes[0].System).ShardRegion(CallerType).Tell(new ShardingEnvelope("caller-1", "call"));

        await Eventually.Holds(() => !answers.IsEmpty);
        var (answeredBy, answer) = Assert.Single(answers);
        var succeeded = Assert.IsType<SinchShardedReplySucceeded>(answer);
        Assert.Equal("call-1", succeeded.CorrelationId);
        Assert.Equal(200, succeeded.StatusCode);
        Assert.NotEmpty(succeeded.Body);
        Assert.DoesNotContain(answeredBy, callers); // a new incarnation: the caller had passivated
        Assert.Empty(_cluster.NodeLocalLeaks);
    }

    /// <summary>Routes only <see cref="ShardingEnvelope"/>s, which the base class unwraps itself.</summary>
    private sealed class EnvelopeExtractor() : HashCodeMessageExtractor(10)
    {
        public override string? EntityId(object message) => null;
    }

    /// <summary>Sends one call through the node's replies actor, then passivates at once; a new incarnation records the answer.</summary>
    private sealed class Caller : ReceiveActor
    {
        private readonly Guid _incarnation = Guid.NewGuid();

        public Caller(string projectId, ConcurrentQueue<(Guid, object)> answers, List<Guid> callers)
        {
            Receive<string>(_ =>
            {
                lock (callers)
                    callers.Add(_incarnation);
                Context.System.ActorSelection("/user/sinch-sharded-replies").Tell(new SendSinchRequestViaRegion(
                    ClusterSharding.Get(Context.System).ShardRegion(CallerType), Self.Path.Name, "call-1", ListKeys(projectId)));
                Context.Parent.Tell(new Passivate(PoisonPill.Instance));
            });
            Receive<SinchShardedReplySucceeded>(reply => answers.Enqueue((_incarnation, reply)));
            Receive<SinchShardedReplyFailed>(reply => answers.Enqueue((_incarnation, reply)));
        }
    }
}
