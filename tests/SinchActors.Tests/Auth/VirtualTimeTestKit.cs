using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace SinchActors.Tests.Auth;

/// <summary>
/// A TestKit whose scheduler is Akka's virtual <see cref="TestScheduler"/> and whose <see cref="Clock"/> reads the
/// same virtual time, so one <see cref="Advance"/> moves the actors' timers and the expiry clock together.
/// </summary>
public abstract class VirtualTimeTestKit : TestKit
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private TestProbe? _syncProbe;

    protected VirtualTimeTestKit(ITestOutputHelper output) : base(Config(), output: output)
    {
    }

    protected TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    /// <summary>The clock tokens expire on: the TestScheduler's virtual time.</summary>
    protected TimeProvider Clock => _clock ??= new SchedulerClock(Scheduler);

    private SchedulerClock? _clock;

    protected void Advance(TimeSpan by) => Scheduler.Advance(by);

    /// <summary>The refresh scheduler of the token managers a spec starts itself, on <see cref="Clock"/>; made on first use.</summary>
    protected IActorRef Refreshes => _refreshes ??= Sys.ActorOf(SinchActors.Auth.RefreshScheduler.Props(Clock, 200), "refreshes");

    private IActorRef? _refreshes;

    /// <summary>Waits until the actor has handled every message queued before this call.</summary>
    protected void Sync(IActorRef actor)
    {
        _syncProbe ??= CreateTestProbe();
        actor.Tell(new Identify(null), _syncProbe.Ref);
        _syncProbe.ExpectMsg<ActorIdentity>(Patience);
    }

    /// <summary>
    /// Asserts that <paramref name="actor"/> has not answered: once it has handled everything queued (timers that the
    /// virtual clock made due included), any answer would already be in the test actor's queue, so this cannot pass
    /// merely because the machine was slow.
    /// </summary>
    protected void AssertNoReplyYet(IActorRef actor)
    {
        Sync(actor);
        Assert.False(HasMessages, "the actor answered too early");
    }

    /// <summary>Asks a token manager for its state.</summary>
    private protected SinchActors.Auth.TokenManager.StateReport StateOf(IActorRef manager)
    {
        _syncProbe ??= CreateTestProbe();
        manager.Tell(SinchActors.Auth.TokenManager.GetState.Instance, _syncProbe.Ref);
        return _syncProbe.ExpectMsg<SinchActors.Auth.TokenManager.StateReport>(Patience);
    }

    /// <summary>
    /// The credential a token manager hands out now; <c>null</c> when none is usable. Read through the protocol the
    /// manager has: a subscriber (one probe per manager, subscribed on first use) is pushed the usable credential at
    /// once and each one issued or withdrawn after, and <see cref="Identify"/>, answered in mailbox order, fences the
    /// pushes sent before it. Usable is judged on <see cref="Clock"/>, as the manager judges it.
    /// </summary>
    private protected SinchActors.Auth.IssuedCredential? CurrentOf(IActorRef manager)
    {
        if (!_pushed.TryGetValue(manager, out var watch))
        {
            watch = (CreateTestProbe(), null);
            manager.Tell(SinchActors.Auth.TokenManager.SubscribeCredentials.Instance, watch.Probe.Ref);
        }
        manager.Tell(new Identify(null), watch.Probe.Ref);
        var latest = watch.Latest;
        for (var message = watch.Probe.ExpectMsg<object>(Patience); message is not ActorIdentity; message = watch.Probe.ExpectMsg<object>(Patience))
        {
            latest = message switch
            {
                SinchActors.Auth.TokenManager.CredentialIssued issued => issued.Credential,
                SinchActors.Auth.TokenManager.CredentialWithdrawn withdrawn when withdrawn.Generation == latest?.Generation => null,
                SinchActors.Auth.TokenManager.CredentialsEnded => null,
                _ => latest,
            };
        }
        _pushed[manager] = (watch.Probe, latest);
        return latest is not null && latest.IsUsable(Clock) ? latest : null;
    }

    private readonly Dictionary<IActorRef, (TestProbe Probe, SinchActors.Auth.IssuedCredential? Latest)> _pushed = new();

    /// <summary>
    /// Waits until the token manager is in <paramref name="state"/> (a fetch result arrives off the actor, so this is
    /// a condition awaited with a deadline); its timers then count from the current virtual time.
    /// </summary>
    private protected void AwaitState(IActorRef manager, SinchActors.Auth.TokenManagerState state) =>
        AwaitCondition(() => StateOf(manager).State == state, Patience);

    /// <summary>
    /// Akka's <see cref="TestKitBase.AwaitCondition(Func{bool}, TimeSpan?, CancellationToken)"/> sleeps a tenth of
    /// <paramref name="max"/> between checks (500 ms for <see cref="Patience"/>), which is most of the wall time of a
    /// virtual-time spec: the conditions here turn true within a few real milliseconds of the virtual step that causes
    /// them. This one checks every <see cref="CheckInterval"/> and still fails after <paramref name="max"/>.
    /// </summary>
    protected void AwaitCondition(Func<bool> condition, TimeSpan? max) =>
        base.AwaitCondition(condition, max, CheckInterval);

    /// <summary>How often <see cref="AwaitCondition(Func{bool}, TimeSpan?)"/> checks its condition.</summary>
    protected static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// Advances virtual time by <paramref name="after"/>, asserting that no token fetch starts until
    /// <paramref name="tolerance"/> before it and that exactly one has started once it is reached.
    /// </summary>
    protected void AdvanceExpectingOneFetchAt(IActorRef manager, TimeSpan after, Func<int> fetches, TimeSpan? tolerance = null)
    {
        var margin = tolerance ?? TimeSpan.FromMilliseconds(1);
        var before = fetches();
        Advance(after - margin);
        if (_refreshes is not null)
            Sync(_refreshes); // a refresh due too early would be on its way to the manager now
        Sync(manager);
        Assert.Equal(before, fetches());
        Advance(margin);
        AwaitCondition(() => fetches() == before + 1, Patience);
    }

    private static Config Config() => ConfigurationFactory.ParseString("""
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = DEBUG
        """);

    /// <summary>A monotonic clock that is the TestScheduler's virtual time, in ticks.</summary>
    private sealed class SchedulerClock(TestScheduler scheduler) : TimeProvider
    {
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => scheduler.Now.UtcTicks;

        public override DateTimeOffset GetUtcNow() => scheduler.Now;
    }
}
