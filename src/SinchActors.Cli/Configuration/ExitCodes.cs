namespace SinchActors.Cli.Configuration;

/// <summary>The CLI's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for load runs: nothing lost and only failures the fault profile explains.</summary>
    public const int Success = 0;

    /// <summary>The command failed: a lost request, an unexpected failure, an API error.</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments or configuration.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C (after draining and printing the partial summary), like a shell reports SIGINT.</summary>
    public const int Interrupted = 130;

    public static int ForLoadRun(long lost, long unexpectedFailures, bool interrupted) =>
        lost != 0 || unexpectedFailures != 0 ? Failure : interrupted ? Interrupted : Success;
}
