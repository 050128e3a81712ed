using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>Collects every dead letter (and dropped or unhandled message) published on an actor system's event stream.</summary>
internal sealed class DeadLetterWatch
{
    private readonly ConcurrentQueue<AllDeadLetters> _letters = new();
    private readonly IActorRef _collector;
    private readonly ActorSystem _system;

    public DeadLetterWatch(ActorSystem system)
    {
        _system = system;
        _collector = system.ActorOf(Props.Create(() => new Collector(_letters)));
        system.EventStream.Subscribe(_collector, typeof(AllDeadLetters));
    }

    public IReadOnlyCollection<AllDeadLetters> Letters => _letters;

    /// <summary>The letters as text for an assertion message.</summary>
    public string Describe() => string.Join(Environment.NewLine, _letters.Take(20).Select(l => $"{l.GetType().Name}: {l.Message.GetType().Name} from {l.Sender} to {l.Recipient}"));

    /// <summary>Stops collecting, so the shutdown's own letters are not counted.</summary>
    public void Stop() => _system.EventStream.Unsubscribe(_collector);

    private sealed class Collector : ReceiveActor
    {
        public Collector(ConcurrentQueue<AllDeadLetters> letters) => Receive<AllDeadLetters>(letters.Enqueue);
    }
}
