using Microsoft.Extensions.Time.Testing;
using SinchActors.Auth;

namespace SinchActors.Tests.Auth;

public sealed class CredentialSlotSpecs
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void An_empty_slot_misses_and_a_published_credential_is_served_until_its_usable_end()
    {
        var slot = new CredentialSlot(_clock);
        Assert.False(slot.TryGet(out _));

        var credential = new IssuedCredential(1, new("Bearer", "token"), _clock.GetTimestamp() + _clock.TimestampFrequency * 10);
        slot.Publish(credential);
        _clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.True(slot.TryGet(out var read));
        Assert.Same(credential, read);

        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(slot.TryGet(out _));
    }

    [Fact]
    public void Reading_the_slot_allocates_nothing()
    {
        var slot = new CredentialSlot();
        slot.Publish(new IssuedCredential(1, new("Bearer", "token"), long.MaxValue));
        slot.TryGet(out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 10_000; i++)
            hits += slot.TryGet(out _) ? 1 : 0;

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_000, hits);
    }
}
