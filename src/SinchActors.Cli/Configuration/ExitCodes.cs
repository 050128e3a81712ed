namespace SinchActors.Cli.Configuration;

/// <summary>The CLI's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for load runs see <see cref="Load.RunVerdict"/>.</summary>
    public const int Success = 0;

    /// <summary>The command failed: a lost request, an unexpected failure, no call succeeded, an API error.</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments or configuration.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C (after draining and printing the partial summary), like a shell reports SIGINT.</summary>
    public const int Interrupted = 130;
}
