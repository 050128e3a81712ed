using System.Net.Http.Headers;
using Akka.Actor;
using SinchActors.Auth;
using SinchActors.Cluster.Replies;
using SinchActors.Cluster.Wire;

namespace SinchActors.Cluster.Tests.Wire;

/// <summary>One message of every wire type, every field set (the fixtures are these, serialized).</summary>
internal static class WireSamples
{
    public const string Secret = "wire-secret-0123456789";
    public const string Token = "wire-token-abcdefghijklmnop";

    public static readonly SinchCredentials Credentials = new("project", "key", Secret, new Uri("https://auth.example.com/oauth2/token"));

    /// <summary>Every message type bound to the SinchActors serializer: the types of the cluster assembly that implement the marker.</summary>
    public static IReadOnlyList<Type> MessageTypes { get; } = typeof(ISinchClusterMessage).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && typeof(ISinchClusterMessage).IsAssignableFrom(t)).OrderBy(t => t.Name).ToList();

    /// <param name="issuer">The issuer of the credentials in <see cref="Issued"/> and <see cref="Granted"/>.</param>
    public static IEnumerable<ISinchClusterMessage> All(IActorRef issuer)
    {
        var credential = new WireCredential(3, new AuthenticationHeaderValue("Bearer", Token), TimeSpan.FromMinutes(50), issuer);
        var failure = new WireFailure(WireFailureKind.Unavailable, "project", "key", 502, "server_error", "upstream down",
            SinchAuthenticationFailure.TokensRejectedByApi, TokenFailureKind.ServerError, "HTTP 502");
        yield return new KeyEnvelope("key@https://auth.example.com/oauth2/token", Credentials, new AskCredential(1, TimeSpan.FromSeconds(5), "project", 2));
        yield return new CredentialsNeeded(new UpdateKey(8, Credentials, TimeSpan.FromSeconds(30)));
        yield return Subscribe.Instance;
        yield return Unsubscribe.Instance;
        yield return Subscribed.Instance;
        yield return new AskCredential(9, TimeSpan.FromSeconds(20), "project", 4);
        yield return new Issued(credential);
        yield return new Granted(4, credential);
        yield return new Failed(5, failure);
        yield return new Withdrawn(3);
        yield return new RejectToken(3, true, "Invalid token.");
        yield return new UpdateKey(6, Credentials, TimeSpan.FromSeconds(30));
        yield return new Verified(6);
        yield return new Refused(7, failure);
        yield return GetKeyState.Instance;
        yield return new KeyState(TokenManagerState.Serving, 3, 2, 1, "akka.tcp://sinch@127.0.0.1:4053");
        yield return new ProjectRecord(Credentials);
        yield return new SinchShardedReplySucceeded("call-1", 200, "application/json", "{\"keys\":[]}"u8.ToArray(), 2);
        yield return new SinchShardedReplyFailed("call-2", "SinchApiException", "HTTP 502 from the API.", "project", true)
            { StatusCode = 502, ErrorCode = "UNAVAILABLE" };
    }

    /// <summary>
    /// What a message holds, for comparing one that crossed with the one sent: its <c>ToString()</c> (which masks
    /// secrets and tokens), plus the secrets, tokens, bodies and issuers it carries.
    /// </summary>
    public static string Describe(object message) => string.Join(" | ", new[]
    {
        message.ToString(),
        CredentialsOf(message) is { } c ? $"secret {c.KeySecret}, url {c.AuthUrl}, mode {c.Mode}" : null,
        CredentialOf(message) is { } w ? $"header {w.Authorization}, usable {w.UsableFor}, issuer {string.Join('/', w.Issuer.Path.Elements)}#{w.Issuer.Path.Uid}" : null,
        message is SinchShardedReplySucceeded s ? $"body {Convert.ToBase64String(s.Body)}" : null,
        message switch
        {
            KeyEnvelope m => $"payload {Describe(m.Payload)}",
            CredentialsNeeded m => $"payload {Describe(m.Payload)}",
            _ => null,
        },
    }.OfType<string>());

    public static SinchCredentials? CredentialsOf(object message) => message switch
    {
        KeyEnvelope m => m.Credentials,
        UpdateKey m => m.Credentials,
        ProjectRecord m => m.Credentials,
        _ => null,
    };

    private static WireCredential? CredentialOf(object message) => message switch
    {
        Issued m => m.Credential,
        Granted m => m.Credential,
        _ => null,
    };
}
