using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace SinchActors.Auth;

/// <summary>
/// The mailbox of token managers. Akka's default queue starts with a 32-slot segment per actor (about 800 bytes),
/// the largest single cost of an idle project; a token manager sees a message only on a cache miss, a timer or a
/// fetch result, so a locked queue that starts empty costs far less. The lock is contended only in bursts (many
/// projects on one key missing the cache together, Basic mode, a storm of 401s), which are short and rare. An idle
/// manager's queue holds nothing at all: the queue is dropped whenever it empties, and the lock is a
/// <see cref="SpinLock"/> in the queue itself (a lock object would cost 24 B, and 40 B more once contended).
/// </summary>
internal sealed class CompactMailbox : MailboxType, IProducesMessageQueue<CompactMailbox.Queue>
{
    /// <summary>The configuration path the runtime registers this mailbox under.</summary>
    public const string ConfigPath = "sinch-actors.token-manager-mailbox";

    /// <summary>The HOCON that registers the mailbox; injected as a fallback into the actor system's configuration.</summary>
    internal static readonly Config Registration = ConfigurationFactory.ParseString(
        $"{ConfigPath}.mailbox-type = \"{typeof(CompactMailbox).FullName}, {typeof(CompactMailbox).Assembly.GetName().Name}\"");

    /// <summary>Created by Akka.NET from configuration.</summary>
    /// <param name="settings">The actor system settings.</param>
    /// <param name="config">The mailbox configuration.</param>
    public CompactMailbox(Settings settings, Config config) : base(settings, config)
    {
    }

    /// <inheritdoc />
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new Queue();

    /// <summary>An unbounded queue behind a lock, allocated on a message and dropped once empty.</summary>
    public sealed class Queue : IMessageQueue, IUnboundedMessageQueueSemantics
    {
        // Mutable struct: never readonly, never copied.
        private SpinLock _lock = new(enableThreadOwnerTracking: false);
        private Queue<Envelope>? _queue;

        /// <inheritdoc />
        public bool HasMessages => Count > 0;

        /// <inheritdoc />
        public int Count
        {
            get
            {
                var taken = false;
                try
                {
                    _lock.Enter(ref taken);
                    return _queue?.Count ?? 0;
                }
                finally
                {
                    if (taken)
                        _lock.Exit();
                }
            }
        }

        /// <inheritdoc />
        public void Enqueue(IActorRef receiver, Envelope envelope)
        {
            var taken = false;
            try
            {
                _lock.Enter(ref taken);
                (_queue ??= new Queue<Envelope>(2)).Enqueue(envelope);
            }
            finally
            {
                if (taken)
                    _lock.Exit();
            }
        }

        /// <inheritdoc />
        public bool TryDequeue(out Envelope envelope)
        {
            var taken = false;
            try
            {
                _lock.Enter(ref taken);
                if (_queue is { Count: > 0 })
                {
                    envelope = _queue.Dequeue();
                    if (_queue.Count == 0)
                        _queue = null;
                    return true;
                }
            }
            finally
            {
                if (taken)
                    _lock.Exit();
            }
            envelope = default;
            return false;
        }

        /// <inheritdoc />
        public void CleanUp(IActorRef owner, IMessageQueue deadletters)
        {
            while (TryDequeue(out var envelope))
                deadletters.Enqueue(owner, envelope);
        }
    }
}
