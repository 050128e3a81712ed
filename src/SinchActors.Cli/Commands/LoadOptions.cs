using System.CommandLine;
using SinchActors.Cli.Configuration;

namespace SinchActors.Cli.Commands;

/// <summary>The options of a load run, shared by <c>demo</c> and <c>run</c> (each command gets its own instances).</summary>
internal sealed class LoadOptions
{
    public LoadOptions(int defaultRequests, int defaultConcurrency)
    {
        Requests = OptionParsers.Int("--requests", "Calls to send in total", defaultRequests, 1, 100_000_000);
        Concurrency = OptionParsers.Int("--concurrency", "Calls in flight at once (closed loop)", defaultConcurrency, 1, 10_000);
    }

    public Option<int> Requests { get; }
    public Option<TimeSpan?> Duration { get; } = OptionParsers.Duration("--duration", "Run for this long instead of a number of calls");
    public Option<int> Concurrency { get; }
    public Option<TimeSpan?> DrainTimeout { get; } = OptionParsers.Duration("--drain-timeout",
        "After Ctrl+C (or SIGTERM), how long calls in flight may finish before they are cancelled [default: 30s]");
    public Option<int> Seed { get; } = new("--seed") { Description = "Seeds the choice of projects and calls (and the demo's faults)", DefaultValueFactory = _ => 42 };
    public Option<bool> Json { get; } = new("--json") { Description = "Print the summary as one JSON object on stdout (progress goes to stderr)" };

    /// <summary>The drain timeout given, or 30 s.</summary>
    public TimeSpan DrainTimeoutOf(ParseResult parse) => parse.GetValue(DrainTimeout) ?? TimeSpan.FromSeconds(30);

    public void AddTo(Command command)
    {
        command.Add(Requests);
        command.Add(Duration);
        command.Add(Concurrency);
        command.Add(DrainTimeout);
        command.Add(Seed);
        command.Add(Json);
    }
}
