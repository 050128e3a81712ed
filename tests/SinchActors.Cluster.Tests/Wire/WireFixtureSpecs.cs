using Akka.Actor;
using SinchActors.Cluster.Wire;

namespace SinchActors.Cluster.Tests.Wire;

/// <summary>
/// A rolling upgrade runs nodes of two versions side by side: every fixture some earlier version wrote must read, as
/// the message it was, in this build; every message type has one; and this build writes the newest fixture's bytes.
/// </summary>
public sealed class WireFixtureSpecs : IAsyncLifetime
{
    private ActorSystem _system = null!;
    private SinchClusterSerializer _serializer = null!;
    private IActorRef _issuer = null!;

    public Task InitializeAsync()
    {
        _system = RemoteSystems.Create("fixtures");
        _serializer = new SinchClusterSerializer((ExtendedActorSystem)_system);
        _issuer = ((ExtendedActorSystem)_system).Provider.ResolveActorRef(WireFixtures.IssuerPath);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _system.Terminate();

    public static TheoryData<string, int> Fixtures
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var (type, version, _) in WireFixtures.All())
                data.Add(type, version);
            return data;
        }
    }

    public static TheoryData<string> MessageTypes => new(WireSamples.MessageTypes.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_fixture_an_earlier_version_wrote_reads_as_the_message_it_was(string type, int version)
    {
        var expected = WireFixtures.Expected(type, version, _issuer);

        var read = _serializer.FromBinary(File.ReadAllBytes(WireFixtures.PathOf(type, version)), _serializer.Manifest(expected));

        Assert.Equal(WireSamples.Describe(expected), WireSamples.Describe(read));
    }

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Every_message_type_has_a_fixture_and_its_newest_is_what_this_build_writes(string type)
    {
        var written = _serializer.ToBinary(WireFixtures.Sample(type, _issuer));
        var newest = WireFixtures.All().Where(f => f.Type == type).Select(f => f.Version).DefaultIfEmpty(0).Max();
        if (Environment.GetEnvironmentVariable(WireFixtures.WriteVariable) == "1" &&
            (newest == 0 || !File.ReadAllBytes(WireFixtures.PathOf(type, newest)).SequenceEqual(written)))
            File.WriteAllBytes(WireFixtures.PathOf(type, ++newest), written); // a new version; earlier ones stay as they are

        Assert.True(newest > 0, $"{type} has no fixture: run the wire specs with {WireFixtures.WriteVariable}=1 to write its v1 (Wire/Fixtures/README.md).");
        Assert.Equal(Convert.ToHexString(File.ReadAllBytes(WireFixtures.PathOf(type, newest))), Convert.ToHexString(written));
    }
}
