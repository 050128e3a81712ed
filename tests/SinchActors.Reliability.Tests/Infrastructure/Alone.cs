namespace SinchActors.Reliability.Tests.Infrastructure;

/// <summary>
/// The suites that load the whole process (a burst of thousands of calls, a shutdown under load) run in this
/// collection: xUnit runs it after the others, one test at a time, so no other suite's CPU enters their figures. The
/// rest run side by side. The soak, which measures the process's heap, has a process of its own (SinchActors.Soak.Tests).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Alone
{
    public const string Name = "Loads the whole process";
}
