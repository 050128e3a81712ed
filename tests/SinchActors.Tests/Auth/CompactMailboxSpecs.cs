using Akka.Actor;
using Akka.Dispatch;
using SinchActors.Auth;

namespace SinchActors.Tests.Auth;

public class CompactMailboxSpecs
{
    [Fact]
    public void The_queue_stays_first_in_first_out_across_a_burst_that_empties_it_and_later_messages()
    {
        var queue = new CompactMailbox.Queue();

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 100; i++)
                queue.Enqueue(ActorRefs.Nobody, new Envelope(i, ActorRefs.NoSender));
            Assert.Equal(100, queue.Count);
            for (var i = 0; i < 100; i++)
            {
                Assert.True(queue.TryDequeue(out var envelope));
                Assert.Equal(i, envelope.Message);
            }
            Assert.False(queue.TryDequeue(out _));
            Assert.False(queue.HasMessages);
        }
    }
}
