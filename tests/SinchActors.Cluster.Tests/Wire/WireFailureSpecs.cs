using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Serialization;
using SinchActors.Cluster.Wire;

namespace SinchActors.Cluster.Tests.Wire;

/// <summary>Bytes that do not read fail as a typed error naming the manifest, and cost the association nothing.</summary>
public sealed class WireFailureSpecs : IAsyncLifetime
{
    private ActorSystem _a = null!;
    private ActorSystem _b = null!;

    public Task InitializeAsync()
    {
        // Node a writes garbage under the SinchActors serializer's identifier; node b has the real serializer.
        _a = RemoteSystems.Create("a", ConfigurationFactory.ParseString("""
            akka.actor.serializers.garbage = "SinchActors.Cluster.Tests.Wire.WireFailureSpecs+GarbageSerializer, SinchActors.Cluster.Tests"
            akka.actor.serialization-bindings { "SinchActors.Cluster.Tests.Wire.WireFailureSpecs+Garbage, SinchActors.Cluster.Tests" = garbage }
            """));
        _b = RemoteSystems.Create("b");
        SinchClusterSerializer.Register(_b);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Task.WhenAll(_a.Terminate(), _b.Terminate());

    public static TheoryData<string> ManifestsWithFields => new("K", "N", "A", "I", "G", "F", "W", "R", "P", "V", "X", "T", "J", "Y", "Z");

    [Theory]
    [MemberData(nameof(ManifestsWithFields))]
    public void Bytes_that_do_not_read_fail_as_a_wire_format_error_naming_the_manifest(string manifest)
    {
        var serializer = new SinchClusterSerializer((ExtendedActorSystem)_b);

        var error = Assert.Throws<WireFormatException>(() => serializer.FromBinary([0x0A, 0xFF, 0xFF], manifest)); // field 1, a length past the end

        Assert.Equal(manifest, error.Manifest);
        Assert.Contains($"manifest '{manifest}'", error.Message);
    }

    [Fact]
    public void A_manifest_this_version_does_not_know_fails_as_a_wire_format_error_naming_it()
    {
        var serializer = new SinchClusterSerializer((ExtendedActorSystem)_b);

        var error = Assert.Throws<WireFormatException>(() => serializer.FromBinary([], "?"));

        Assert.Equal("?", error.Manifest);
    }

    [Fact]
    public async Task A_message_that_does_not_read_is_logged_with_its_manifest_and_the_next_message_still_arrives()
    {
        var logged = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = _b.ActorOf(Props.Create(() => new LogListener(logged)));
        _b.EventStream.Subscribe(listener, typeof(Error));
        _b.EventStream.Subscribe(listener, typeof(Warning));
        var received = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = _b.ActorOf(Props.Create(() => new Receiver(received)), "receiver");
        var address = ((ExtendedActorSystem)_b).Provider.DefaultAddress;
        var fromA = await _a.ActorSelection(receiver.Path.ToStringWithAddress(address)).ResolveOne(ClusterNodes.Deadline);

        fromA.Tell(new Garbage());
        fromA.Tell("after");

        Assert.Equal("after", await received.Task.WaitAsync(ClusterNodes.Deadline));
        Assert.Contains("manifest 'G'", await logged.Task.WaitAsync(ClusterNodes.Deadline));
    }

    public sealed class Garbage;

    /// <summary>Claims the SinchActors serializer's identifier and writes a <see cref="Granted"/> that ends mid-field.</summary>
    public sealed class GarbageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
    {
        public override int Identifier => SinchClusterSerializer.Id;

        public override string Manifest(object o) => "G";

        public override byte[] ToBinary(object obj) => [0x12, 0x40, 0x08];

        public override object FromBinary(byte[] bytes, string manifest) => throw new NotSupportedException();
    }

    private sealed class Receiver : ReceiveActor
    {
        public Receiver(TaskCompletionSource<object> received) => ReceiveAny(m => received.TrySetResult(m));
    }

    private sealed class LogListener : ReceiveActor
    {
        public LogListener(TaskCompletionSource<string> logged) =>
            ReceiveAny(e =>
            {
                if (e.ToString()!.Contains(nameof(WireFormatException)))
                    logged.TrySetResult(e.ToString()!);
            });
    }
}
