namespace SinchActors.Cluster.Tests;

/// <summary>Awaits a condition, checking it every 20 ms, until <see cref="ClusterNodes.Deadline"/>.</summary>
internal static class Eventually
{
    public static Task Holds(Func<bool> condition, Func<string>? describe = null) => Holds(() => Task.FromResult(condition()), describe);

    public static async Task Holds(Func<Task<bool>> condition, Func<string>? describe = null)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        var deadline = DateTime.UtcNow + ClusterNodes.Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(describe?.Invoke() ?? $"The condition did not hold within {ClusterNodes.Deadline}.");
            await timer.WaitForNextTickAsync();
        }
    }
}
