namespace SinchActors.Benchmarks;

/// <summary>Knobs shared by the load scenarios; defaults fit the 2-core reference machine.</summary>
internal sealed record BenchArgs(int Seconds, int Concurrency, int Projects, int Rounds)
{
    /// <summary>Every count of <c>--projects</c> (<c>--projects 10000,100000</c>); <see cref="Projects"/> is the first.</summary>
    public IReadOnlyList<int> ProjectCounts { get; init; } = [10_000];

    public static BenchArgs Parse(string[] args)
    {
        var result = new BenchArgs(Seconds: 5, Concurrency: 64, Projects: 10_000, Rounds: 3);
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
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return result;
    }
}
