using System.Diagnostics;
using System.Net.Http.Headers;
using Akka.Actor;
using Akka.Configuration;
using SinchActors.Auth;
using SinchActors.Cluster.Replies;
using SinchActors.Cluster.Wire;

namespace SinchActors.Benchmarks;

/// <summary>
/// The cluster wire format: bytes per message, and the time and allocation of one round trip (ToBinary, then
/// FromBinary) through <see cref="SinchClusterSerializer"/>, for the messages that cross nodes most: a node's request
/// to a key's manager, the manager's answers and pushes, and the replies to sharded entities (one per request).
/// </summary>
internal static class WireFormatScenario
{
    private const int Warmup = 20_000;
    private const int Count = 200_000;

    public static async Task RunAsync()
    {
        var system = (ExtendedActorSystem)ActorSystem.Create("wire", ConfigurationFactory.ParseString("""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.loglevel = WARNING
            """));
        var serializer = new SinchClusterSerializer(system);
        var issuer = system.Provider.ResolveActorRef("akka.tcp://sinch@10.0.0.11:4053/system/sharding/sinch-token-managers/12/key-1%40https%3A%2F%2Fauth.sinch.com%2Foauth2%2Ftoken#1746352");
        var credentials = new SinchCredentials("0a1b2c3d-project", "5e6f7a8b-key-id", "Xq3v9LkP2mN8rT5wY1zB4cD7", new Uri("https://auth.sinch.com/oauth2/token"));
        var entityId = $"{credentials.KeyId}@{credentials.AuthUrl.AbsoluteUri}";
        var ask = new AskCredential(42, TimeSpan.FromSeconds(20), credentials.ProjectId, 0);
        var credential = new WireCredential(7, new AuthenticationHeaderValue("Bearer", new string('t', 120)), TimeSpan.FromMinutes(47), issuer);
        var messages = new (string Name, object Message)[]
        {
            ("KeyEnvelope(AskCredential), key ID only", new KeyEnvelope(entityId, null, ask)),
            ("KeyEnvelope(AskCredential), with credentials", new KeyEnvelope(entityId, credentials, ask)),
            ("Issued", new Issued(credential)),
            ("Granted", new Granted(42, credential)),
            ("SinchShardedReplySucceeded, 1 KB body", new SinchShardedReplySucceeded("order-17", 200, "application/json", new byte[1024], 1)),
            ("SinchShardedReplyFailed", new SinchShardedReplyFailed("order-18", "SinchApiException", "HTTP 404 from the API: not found.", credentials.ProjectId, false)
                { StatusCode = 404, ErrorCode = "not_found" }),
        };
        // Every message's code is warm (tiered and PGO-compiled) before the first is measured.
        for (var i = 0; i < Warmup; i++)
            foreach (var (_, message) in messages)
                serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
        Console.WriteLine($"{"message",-48} {"bytes",6} {"CPU ns/trip",14} {"B alloc/round trip",19}");
        foreach (var (name, message) in messages)
        {
            var manifest = serializer.Manifest(message);
            var size = serializer.ToBinary(message).Length;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < Count; i++)
                serializer.FromBinary(serializer.ToBinary(message), manifest);
            // CPU time, not wall time: on a shared machine the wall clock measures the other processes too.
            var elapsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var perOp = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Count;
            Console.WriteLine($"{name,-48} {size,6} {elapsed.TotalNanoseconds / Count,14:F0} {perOp,19:F0}");
        }
        await system.Terminate();
    }
}
