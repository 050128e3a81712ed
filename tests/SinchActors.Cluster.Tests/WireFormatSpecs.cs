using System.Net.Http.Headers;
using Akka.Actor;
using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Cluster.Wire;

namespace SinchActors.Cluster.Tests;

/// <summary>Every message that crosses nodes, through the serializer bound to <see cref="ISinchClusterMessage"/>, between two remote systems.</summary>
public sealed class WireFormatSpecs : IAsyncLifetime
{
    private const string Secret = "wire-secret-0123456789";
    private const string Token = "wire-token-abcdefghijklmnop";
    private static readonly Config Remote = ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.loglevel = WARNING
        """);

    private ActorSystem _a = null!;
    private ActorSystem _b = null!;

    public Task InitializeAsync()
    {
        _a = ActorSystem.Create("a", Remote);
        _b = ActorSystem.Create("b", Remote);
        SinchClusterSerializer.Register(_a);
        SinchClusterSerializer.Register(_b);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Task.WhenAll(_a.Terminate(), _b.Terminate());

    public static TheoryData<string> MessageNames => new(Messages(ActorRefs.Nobody).Select(m => m.GetType().Name));

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void Each_message_crosses_with_the_SinchActors_serializer_and_arrives_equal(string name)
    {
        var issuer = _a.ActorOf(Props.Empty, "issuer-" + name);
        var message = Messages(issuer).Single(m => m.GetType().Name == name);

        var serializer = _a.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var arrived = _b.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message));

        Assert.IsType<SinchClusterSerializer>(serializer);
        Assert.Equal(message.ToString(), arrived.ToString());
        Assert.DoesNotContain(Secret, arrived.ToString());
        Assert.DoesNotContain(Token, arrived.ToString());
        if (CredentialsOf(message) is { } sent)
            Assert.Equal(sent.KeySecret, CredentialsOf(arrived)!.KeySecret);
    }

    [Fact]
    public void A_credential_arrives_with_its_header_its_time_left_and_its_issuer_resolved_on_the_receiving_node()
    {
        var issuer = _a.ActorOf(Props.Empty, "issuer");
        var sent = new Issued(new WireCredential(7, new AuthenticationHeaderValue("Bearer", Token), TimeSpan.FromSeconds(42), issuer));
        var serializer = _a.Serialization.FindSerializerFor(sent);

        var arrived = (Issued)_b.Serialization.Deserialize(serializer.ToBinary(sent), serializer.Identifier, "I");

        Assert.Equal(7, arrived.Credential.Generation);
        Assert.Equal(new AuthenticationHeaderValue("Bearer", Token), arrived.Credential.Authorization);
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
    public void A_failed_reply_keeps_the_status_and_error_code_and_one_from_an_earlier_node_without_them_still_reads()
    {
        var sent = new Replies.SinchShardedReplyFailed("call", "SinchApiException", "HTTP 404", "project", false) { StatusCode = 404, ErrorCode = "not_found" };
        var serializer = _a.Serialization.FindSerializerFor(sent);
        var bytes = serializer.ToBinary(sent);
        // An earlier version wrote the five positional fields only: the status (-1 for none) and the optional code came after.
        var earlier = bytes[..^(sizeof(int) + 1 + 1 + "not_found".Length)];

        var arrived = (Replies.SinchShardedReplyFailed)_b.Serialization.Deserialize(bytes, serializer.Identifier, "Z");
        var fromEarlier = (Replies.SinchShardedReplyFailed)_b.Serialization.Deserialize(earlier, serializer.Identifier, "Z");

        Assert.Equal((404, "not_found"), (arrived.StatusCode, arrived.ErrorCode));
        Assert.Equal(sent with { StatusCode = null, ErrorCode = null }, fromEarlier);
    }

    [Fact]
    public void The_sample_cluster_conf_parses_and_binds_the_wire_messages_as_cluster_mode_does()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "SinchActors.sln")))
            root = root.Parent ?? throw new InvalidOperationException("SinchActors.sln not found above the test output.");
        var sample = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(root.FullName, "hocon", "cluster.conf")));

        Assert.Equal(Bindings(SinchClusterSerializer.Config), Bindings(sample));
        Assert.Equal(SinchClusterSerializer.Config.GetString("akka.actor.serializers.sinch-cluster"), sample.GetString("akka.actor.serializers.sinch-cluster"));
        Assert.Equal("keep-majority", sample.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("cluster", sample.GetString("akka.actor.provider"));
    }

    private static string Bindings(Config config) =>
        string.Join("; ", config.GetConfig("akka.actor.serialization-bindings").AsEnumerable().Select(pair => $"{pair.Key} = {pair.Value.GetString()}"));

    private static SinchCredentials? CredentialsOf(object message) => message switch
    {
        KeyEnvelope m => m.Credentials,
        UpdateKey m => m.Credentials,
        Verified m => m.Credentials,
        Refused m => m.Credentials,
        ProjectRecord m => m.Credentials,
        _ => null,
    };

    private static IEnumerable<ISinchClusterMessage> Messages(IActorRef issuer)
    {
        var credentials = new SinchCredentials("project", "key", Secret, new Uri("https://auth.example.com/oauth2/token"));
        var credential = new WireCredential(3, new AuthenticationHeaderValue("Bearer", Token), TimeSpan.FromMinutes(50), issuer);
        var failure = WireFailure.From(new SinchAuthenticationException("project", "key", 401, "invalid_client", "refused"));
        yield return new KeyEnvelope("key@https://auth.example.com/oauth2/token", credentials, new AskCredential(1, TimeSpan.FromSeconds(5), "project", 2));
        yield return Subscribe.Instance;
        yield return Unsubscribe.Instance;
        yield return Subscribed.Instance;
        yield return new AskCredential(9, TimeSpan.FromSeconds(20), null, 0);
        yield return new Issued(credential);
        yield return new Granted(4, credential);
        yield return new Failed(5, failure);
        yield return new Withdrawn(3);
        yield return new RejectToken(3, true, "Invalid token.");
        yield return new UpdateKey(credentials, TimeSpan.FromSeconds(30));
        yield return new Verified(credentials);
        yield return new Refused(credentials, failure);
        yield return GetKeyState.Instance;
        yield return new KeyState(TokenManagerState.Serving, 3, 0, 1, "akka.tcp://sinch@127.0.0.1:4053");
        yield return new ProjectRecord(credentials);
        yield return new Replies.SinchShardedReplySucceeded("call-1", 200, "application/json", "{\"keys\":[]}"u8.ToArray(), 2);
        yield return new Replies.SinchShardedReplyFailed("call-2", "SinchApiException", "HTTP 502 from the API.", "project", true)
            { StatusCode = 502, ErrorCode = "UNAVAILABLE" };
    }
}
