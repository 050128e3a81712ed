using Akka.Actor;
using SinchActors.Cluster.Wire;

namespace SinchActors.Cluster.Tests.Wire;

/// <summary>
/// The golden bytes in <c>Wire/Fixtures</c>: <c>{MessageType}.v{N}.bin</c>, each the bytes some version of SinchActors
/// wrote for that message's sample (README.md there). They are read from the source tree, never from a build output.
/// </summary>
internal static class WireFixtures
{
    /// <summary>Set to <c>1</c> to write the fixture of a message whose bytes changed (or that has none) as its next version.</summary>
    public const string WriteVariable = "SINCH_WRITE_WIRE_FIXTURES";

    /// <summary>The issuer of the samples' credentials: a fixed remote path, so that the bytes are the same on every run.</summary>
    public const string IssuerPath = "akka.tcp://fixtures@127.0.0.1:4053/user/sinch-token-managers/0/key#17";

    public static string RepositoryRoot { get; } = FindRoot();

    public static string Directory => Path.Combine(RepositoryRoot, "tests", "SinchActors.Cluster.Tests", "Wire", "Fixtures");

    /// <summary>Every fixture: message type name, version, path.</summary>
    public static IReadOnlyList<(string Type, int Version, string Path)> All() =>
        System.IO.Directory.GetFiles(Directory, "*.bin").Select(path =>
        {
            var parts = System.IO.Path.GetFileNameWithoutExtension(path).Split(".v");
            return (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), path);
        }).OrderBy(f => f.Item1).ThenBy(f => f.Item2).ToList();

    public static string PathOf(string type, int version) => Path.Combine(Directory, $"{type}.v{version}.bin");

    /// <summary>
    /// What the fixture <paramref name="type"/> v<paramref name="version"/> reads as in this build: the sample, unless
    /// the message gained fields since that version; then an entry in <see cref="Earlier"/> says so.
    /// </summary>
    public static object Expected(string type, int version, IActorRef issuer) =>
        Earlier.TryGetValue((type, version), out var earlier) ? earlier(issuer) : Sample(type, issuer);

    public static ISinchClusterMessage Sample(string type, IActorRef issuer) => WireSamples.All(issuer).Single(m => m.GetType().Name == type);

    // (type, version) -> what those bytes read as now: the current sample with the fields added since at their defaults.
    private static readonly Dictionary<(string Type, int Version), Func<IActorRef, object>> Earlier = new();

    private static string FindRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "SinchActors.sln")))
            root = root.Parent ?? throw new InvalidOperationException("SinchActors.sln not found above the test output.");
        return root.FullName;
    }
}
