namespace SinchActors.Api.Tests;

/// <summary>
/// Approval of a generated text against a file checked into the repository: a mismatch fails and writes the new text
/// beside the approved file as <c>*.received.txt</c>; with <c>SINCH_ACCEPT_API=1</c> the new text becomes the approved file.
/// </summary>
internal static class ApprovedFile
{
    public const string AcceptVariable = "SINCH_ACCEPT_API";
    public const string AcceptCommand = $"{AcceptVariable}=1 dotnet test tests/SinchActors.Api.Tests --filter FullyQualifiedName~PublicApiSpecs";

    /// <summary>Compares <paramref name="actual"/> with <c>approved/{name}.approved.txt</c> of this test project.</summary>
    public static void Verify(string name, string actual)
    {
        var directory = Path.Combine(Repository.TestProject, "approved");
        var approvedPath = Path.Combine(directory, $"{name}.approved.txt");
        var receivedPath = Path.Combine(directory, $"{name}.received.txt");
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(approvedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(approved is null
            ? $"{name} has no approved public API yet; the generated one is in {receivedPath}. If it is right, accept it with:\n  {AcceptCommand}"
            : $"The public API of {name} changed: compare {receivedPath} with {approvedPath} (e.g. with diff). " +
              $"If the change is intended, accept it (and commit the approved file) with:\n  {AcceptCommand}");
    }

    private static string Normalize(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";
}
