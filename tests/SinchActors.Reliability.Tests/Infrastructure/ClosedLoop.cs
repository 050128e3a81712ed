namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>A closed-loop load: <c>concurrency</c> loops take the next call number until <c>total</c> are submitted.</summary>
internal static class ClosedLoop
{
    /// <summary>Runs <paramref name="call"/> for 0 … <paramref name="total"/> − 1 and returns how many were submitted.</summary>
    public static async Task<int> RunAsync(int total, int concurrency, Func<int, Task> call)
    {
        var next = -1;
        var submitted = 0;
        var loops = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                Interlocked.Increment(ref submitted);
                await call(i);
            }
        }));
        await Task.WhenAll(loops);
        return submitted;
    }
}
