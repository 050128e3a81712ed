using System.Net.Http.Headers;
using Akka.Actor;
using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Cluster.Wire;

namespace SinchActors.Cluster.Tests.Wire;

/// <summary>Every message that crosses nodes, through the serializer bound to <see cref="ISinchClusterMessage"/>, between two remote systems.</summary>
public sealed class WireFormatSpecs : IAsyncLifetime
{
    private ActorSystem _a = null!;
    private ActorSystem _b = null!;

    public Task InitializeAsync()
    {
        _a = RemoteSystems.Create("a");
        _b = RemoteSystems.Create("b");
        SinchClusterSerializer.Register(_a);
        SinchClusterSerializer.Register(_b);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Task.WhenAll(_a.Terminate(), _b.Terminate());

    public static TheoryData<string> MessageNames => new(WireSamples.All(ActorRefs.Nobody).Select(m => m.GetType().Name));

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Each_message_crosses_with_the_SinchActors_serializer_and_arrives_equal_without_showing_secrets(string name)
    {
        var issuer = _a.ActorOf(Props.Empty, "issuer-" + name);
        var message = WireSamples.All(issuer).Single(m => m.GetType().Name == name);

        var serializer = _a.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var arrived = _b.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message));

        Assert.IsType<SinchClusterSerializer>(serializer);
        Assert.Equal(WireSamples.Describe(message), WireSamples.Describe(arrived));
        Assert.DoesNotContain(WireSamples.Secret, arrived.ToString());
        Assert.DoesNotContain(WireSamples.Token, arrived.ToString());
    }

    [Fact]
    public void Every_message_type_of_the_cluster_assembly_has_a_sample_and_a_manifest_of_its_own()
    {
        var samples = WireSamples.All(ActorRefs.Nobody).ToList();
        var serializer = new SinchClusterSerializer((ExtendedActorSystem)_a);

        Assert.Equal(WireSamples.MessageTypes.Select(t => t.Name), samples.Select(m => m.GetType().Name).Order());
        Assert.Equal(samples.Count, samples.Select(serializer.Manifest).Distinct().Count());
    }

    [Fact]
    public void A_credential_arrives_with_its_header_its_time_left_and_its_issuer_resolved_on_the_receiving_node()
    {
        var issuer = _a.ActorOf(Props.Empty, "issuer");
        var sent = new Issued(new WireCredential(7, new AuthenticationHeaderValue("Bearer", WireSamples.Token), TimeSpan.FromSeconds(42), issuer));
        var serializer = _a.Serialization.FindSerializerFor(sent);

        var arrived = (Issued)_b.Serialization.Deserialize(serializer.ToBinary(sent), serializer.Identifier, "I");

        Assert.Equal(7, arrived.Credential.Generation);
        Assert.Equal(new AuthenticationHeaderValue("Bearer", WireSamples.Token), arrived.Credential.Authorization);
        Assert.Equal(TimeSpan.FromSeconds(42), arrived.Credential.UsableFor);
        Assert.Equal(issuer.Path.Name, arrived.Credential.Issuer.Path.Name);
        Assert.Equal(((ExtendedActorSystem)_a).Provider.DefaultAddress, arrived.Credential.Issuer.Path.Address);
        Assert.Equal(issuer.Path.Uid, arrived.Credential.Issuer.Path.Uid);
    }

    [Fact]
    public void A_failure_arrives_as_the_same_exception_type_naming_the_same_project_key_and_cause()
    {
        var refused = new SinchAuthenticationException("p", "k", 401, "invalid_client", "Client authentication failed.");
        var unavailable = new SinchAuthUnavailableException("p", new SinchTokenEndpointException("p", TokenFailureKind.ServerError, "HTTP 502", 502, keyId: "k"), "k");

        var refusedAgain = WireFailure.From(refused).ToException("other");
        var unavailableAgain = WireFailure.From(unavailable).ToException("other");

        Assert.Equal(refused.Message, Assert.IsType<SinchAuthenticationException>(refusedAgain).Message);
        Assert.Equal(unavailable.Message, Assert.IsType<SinchAuthUnavailableException>(unavailableAgain).Message);
        Assert.Equal(TokenFailureKind.ServerError, Assert.IsType<SinchTokenEndpointException>(unavailableAgain.InnerException).Kind);
    }

    [Fact]
    public void Absent_optional_fields_arrive_as_null_and_present_zeros_as_zero()
    {
        var withNulls = new Replies.SinchShardedReplyFailed("call", "SinchApiException", "HTTP 404", null, false);
        var withZeros = new UpdateKey(1, WireSamples.Credentials, TimeSpan.Zero);
        var serializer = new SinchClusterSerializer((ExtendedActorSystem)_a);

        var nulls = (Replies.SinchShardedReplyFailed)serializer.FromBinary(serializer.ToBinary(withNulls), "Z");
        var zeros = (UpdateKey)serializer.FromBinary(serializer.ToBinary(withZeros), "P");
        var noTimeout = (UpdateKey)serializer.FromBinary(serializer.ToBinary(withZeros with { Timeout = null }), "P");

        Assert.Equal((null, null, null), (nulls.ProjectId, nulls.StatusCode, nulls.ErrorCode));
        Assert.Equal(TimeSpan.Zero, zeros.Timeout);
        Assert.Null(noTimeout.Timeout);
    }

    [Fact]
    public void The_sample_cluster_conf_parses_and_binds_the_wire_messages_as_cluster_mode_does()
    {
        var sample = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(WireFixtures.RepositoryRoot, "hocon", "cluster.conf")));

        Assert.Equal(Bindings(SinchClusterSerializer.Config), Bindings(sample));
        Assert.Equal(SinchClusterSerializer.Config.GetString("akka.actor.serializers.sinch-cluster"), sample.GetString("akka.actor.serializers.sinch-cluster"));
        Assert.Equal("keep-majority", sample.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("cluster", sample.GetString("akka.actor.provider"));
    }

    private static string Bindings(Config config) =>
        string.Join("; ", config.GetConfig("akka.actor.serialization-bindings").AsEnumerable().Select(pair => $"{pair.Key} = {pair.Value.GetString()}"));
}
