namespace SinchActors.Benchmarks;

/// <summary>Knobs shared by the load scenarios; defaults fit the 2-core reference machine.</summary>
/// <param name="Calls">Cold storm: all first calls together (0: 20 per project).</param>
/// <param name="Lifetime">Steady state: seconds the emulator's tokens live.</param>
/// <param name="Threads">Throughput: a fixed thread-pool size (minimum = maximum, so hill climbing cannot move it); 0 leaves it to the runtime.</param>
/// <param name="WholeSecondTokens">Steady state: the emulator starts each token's lifetime at its issuing second, rounded down (<c>--whole-second-tokens 0|1</c>).</param>
internal sealed record BenchArgs(int Seconds, int Concurrency, int Projects, int Rounds, int Calls = 0, int Lifetime = 3600, int Threads = 0,
    bool WholeSecondTokens = false)
{
    /// <summary>Every count of <c>--projects</c> (<c>--projects 10000,100000</c>); <see cref="Projects"/> is the first.</summary>
    public IReadOnlyList<int> ProjectCounts { get; init; } = [10_000];

    public static BenchArgs Default { get; } = new(Seconds: 5, Concurrency: 64, Projects: 10_000, Rounds: 3);

    public static BenchArgs Parse(string[] args) => Parse(args, Default);

    /// <summary>Reads <c>--name value</c> pairs over a scenario's own <paramref name="defaults"/>.</summary>
    public static BenchArgs Parse(string[] args, BenchArgs defaults)
    {
        var result = defaults;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--projects")
            {
                var counts = args[i + 1].Split(',').Select(count => int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                result = result with { Projects = counts[0], ProjectCounts = counts };
                continue;
            }
            var value = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            result = args[i] switch
            {
                "--seconds" => result with { Seconds = value },
                "--concurrency" => result with { Concurrency = value },
                "--rounds" => result with { Rounds = value },
                "--calls" => result with { Calls = value },
                "--lifetime" => result with { Lifetime = value },
                "--threads" => result with { Threads = value },
                "--whole-second-tokens" => result with { WholeSecondTokens = value != 0 },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return result;
    }
}
