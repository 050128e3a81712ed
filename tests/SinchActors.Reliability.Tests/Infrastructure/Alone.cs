namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>
/// The suites that measure the whole process (its heap, a burst of thousands of calls, a shutdown under load) run in
/// this collection: xUnit runs it after the others, one test at a time, so no other suite's allocations or CPU enter
/// their figures. The rest run side by side.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Alone
{
    public const string Name = "Measures the whole process";
}
