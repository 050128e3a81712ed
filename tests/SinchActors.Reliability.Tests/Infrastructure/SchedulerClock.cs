using Akka.TestKit;

namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>
/// A clock that is Akka's <see cref="TestScheduler"/> virtual time, so one <c>Advance</c> moves the token managers'
/// timers, the runtime's expiry clock and the emulator's clock together.
/// </summary>
internal sealed class SchedulerClock(TestScheduler scheduler) : TimeProvider
{
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => scheduler.Now.UtcTicks;

    public override DateTimeOffset GetUtcNow() => scheduler.Now;
}
