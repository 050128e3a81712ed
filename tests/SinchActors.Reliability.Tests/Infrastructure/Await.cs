namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>Waiting for a condition with a deadline, on a real signal where there is one.</summary>
internal static class Await
{
    /// <summary>Checks <paramref name="condition"/> every 10 ms until it holds; fails with <paramref name="what"/> after <paramref name="patience"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan patience)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {patience} waiting for: {what}");
            await timer.WaitForNextTickAsync();
        }
    }
}
