namespace SinchActors.Benchmarks;

/// <summary>Knobs shared by the load scenarios; defaults fit the 2-core reference machine.</summary>
internal sealed record BenchArgs(int Seconds, int Concurrency, int Projects, int Rounds)
{
    public static BenchArgs Parse(string[] args)
    {
        var result = new BenchArgs(Seconds: 5, Concurrency: 64, Projects: 10_000, Rounds: 3);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            result = args[i] switch
            {
                "--seconds" => result with { Seconds = value },
                "--concurrency" => result with { Concurrency = value },
                "--projects" => result with { Projects = value },
                "--rounds" => result with { Rounds = value },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        return result;
    }
}
