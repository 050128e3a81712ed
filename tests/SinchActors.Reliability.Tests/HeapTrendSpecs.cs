using SinchActors.Reliability.Tests.Infrastructure;
using Xunit;

namespace SinchActors.Reliability.Tests;

public sealed class HeapTrendSpecs
{
    [Fact]
    public void A_steadily_rising_heap_grows_by_its_rise_over_its_start() =>
        Assert.Equal(0.5, HeapTrend.Growth([100, 110, 120, 130, 140, 150]), precision: 9);

    [Fact]
    public void A_flat_heap_with_one_step_down_and_back_up_in_the_middle_does_not_grow()
    {
        long[] samples = [100, 100, 100, 80, 80, 80, 80, 100, 100, 100];
        Assert.Equal(0, HeapTrend.Growth(samples), precision: 9);
    }

    [Fact]
    public void A_heap_that_steps_up_for_good_grows()
    {
        long[] samples = [100, 100, 100, 100, 100, 130, 130, 130, 130, 130];
        Assert.InRange(HeapTrend.Growth(samples), 0.30, 0.50); // a 30% step, a little overstated by the line
    }
}
