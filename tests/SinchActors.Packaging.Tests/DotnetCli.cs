using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SinchActors.Packaging.Tests;

/// <summary>Runs the <c>dotnet</c> that runs these tests (or another program) as a child process, with a deadline.</summary>
internal static class DotnetCli
{
    /// <summary>The .NET installation of this process: <c>shared/Microsoft.NETCore.App/{version}/</c> three levels up.</summary>
    public static string Root { get; } =
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    public static string Dotnet { get; } = Path.Combine(Root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
    }

    public static Task<Result> RunDotnetAsync(string workingDirectory, TimeSpan deadline, params string[] args) =>
        RunAsync(Dotnet, workingDirectory, deadline, args);

    /// <summary>
    /// Runs <paramref name="program"/> to its end, or kills it (with its children) after <paramref name="deadline"/>
    /// and throws. MSBuild's variables that <c>dotnet test</c> hands to the test host are removed, so the child builds
    /// as if started from a shell.
    /// </summary>
    public static async Task<Result> RunAsync(string program, string workingDirectory, TimeSpan deadline, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(IsInheritedBuildVariable).ToList()) start.Environment.Remove(name);
        start.Environment["DOTNET_ROOT"] = Root;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {deadline}.");
        }
        return new Result(process.ExitCode, await output, await error);
    }

    private static bool IsInheritedBuildVariable(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) &&
        !name.Equals("MSBUILDDISABLENODEREUSE", StringComparison.OrdinalIgnoreCase);
}
