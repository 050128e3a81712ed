namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>
/// CI size or full size: <c>SINCH_RELIABILITY=full dotnet test tests/SinchActors.Reliability.Tests</c> runs every
/// suite at the size tests/RELIABILITY.md publishes figures for; without it, the CI size.
/// </summary>
internal static class Size
{
    public static bool Full { get; } =
        string.Equals(Environment.GetEnvironmentVariable("SINCH_RELIABILITY"), "full", StringComparison.OrdinalIgnoreCase);

    public static string Name => Full ? "full" : "ci";

    public static int Of(int ci, int full) => Full ? full : ci;

    public static TimeSpan Of(TimeSpan ci, TimeSpan full) => Full ? full : ci;
}
