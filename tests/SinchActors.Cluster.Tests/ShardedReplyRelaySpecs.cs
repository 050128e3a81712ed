using Akka.Actor;
using Akka.Cluster.Sharding;
using SinchActors.Cluster.Replies;
using SinchActors.Requests;

namespace SinchActors.Cluster.Tests;

/// <summary>The relay's answers, on one local system: what a failure keeps when it is flattened to cross nodes.</summary>
public sealed class ShardedReplyRelaySpecs : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void A_failed_API_call_is_answered_with_its_status_and_error_code()
    {
        var pool = CreateTestProbe();
        var region = CreateTestProbe();
        var relay = Sys.ActorOf(Props.Create(() => new ShardedReplyRelay(pool.Ref)));
        var request = new SinchRequest(HttpMethod.Get, "project", SinchApiFamily.Sms, "/xms/v1/project/batches/B1");

        relay.Tell(new SendSinchRequestViaRegion(region.Ref, "entity-1", "call-1", request));
        var sent = pool.ExpectMsg<SendSinchRequest>();
        pool.Reply(new SinchRequestFailed(sent.CorrelationId,
            new SinchApiException(404, "not_found", null, "Batch B1 could not be found.", [], "", "GET", request.Path, "project")));

        var envelope = region.ExpectMsg<ShardingEnvelope>();
        var failed = Assert.IsType<SinchShardedReplyFailed>(envelope.Message);
        Assert.Equal(("entity-1", "call-1"), (envelope.EntityId, failed.CorrelationId));
        Assert.Equal((404, "not_found", false), (failed.StatusCode, failed.ErrorCode, failed.IsTransient));
    }
}
