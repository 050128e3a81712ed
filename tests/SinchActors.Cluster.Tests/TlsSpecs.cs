using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SinchActors.Auth;
using static SinchActors.Cluster.Tests.ClusterTokenSpecs;

namespace SinchActors.Cluster.Tests;

/// <summary>
/// Three nodes on Akka.Remote over mutual TLS, with a self-signed certificate that every node presents and pins by
/// thumbprint (as the cluster README shows): the cluster serves through its sharded managers, and what listens on a
/// node's port is TLS that lets in only a peer presenting that certificate.
/// </summary>
public sealed class TlsSpecs(TlsSpecs.TlsCluster fixture) : IClassFixture<TlsSpecs.TlsCluster>
{
    [Fact]
    public async Task Three_nodes_over_mutual_TLS_serve_every_call_through_the_sharded_managers_with_one_token_request_per_key()
    {
        var cluster = fixture.Cluster;
        var projects = new List<SinchCredentials>();
        for (var i = 1; i <= 3; i++)
            projects.Add(await cluster.AddProjectAsync($"tls-{i}"));

        // Every node calls for every key: a key's manager runs on one node, so the other two get its token over TLS.
        foreach (var node in cluster.Nodes)
            foreach (var project in projects)
                await node.Runtime.Client.SendAsync(ListKeys(project.ProjectId)).WaitAsync(ClusterNodes.Deadline);

        Assert.All(cluster.Nodes, node => Assert.StartsWith("akka.ssl.tcp://", node.Address));
        Assert.All(projects, p => Assert.Equal(1, cluster.Emulator.Stats.Tokens(p.KeyId).Issued));
        Assert.Empty(cluster.NodeLocalLeaks);
    }

    [Fact]
    public async Task A_nodes_port_speaks_TLS_with_the_pinned_certificate_and_refuses_a_peer_presenting_another()
    {
        var port = Akka.Actor.Address.Parse(fixture.Cluster.Nodes[0].Address).Port!.Value;

        string? presented = null;
        await using (var peer = await HandshakeAsync(port, fixture.Certificate, (_, certificate, _, _) =>
                     {
                         presented = (certificate as X509Certificate2)?.Thumbprint;
                         return true;
                     }))
        {
            Assert.True(peer.IsMutuallyAuthenticated);
        }
        Assert.Equal(fixture.Certificate.Thumbprint, presented);

        // A stranger completes its side of the handshake (TLS 1.3 checks the client's certificate after that), then the
        // node ends the connection instead of waiting for the Akka handshake.
        using var stranger = SelfSigned("CN=stranger");
        var refused = await Record.ExceptionAsync(async () =>
        {
            await using var peer = await HandshakeAsync(port, stranger, (_, _, _, _) => true);
            if (await peer.ReadAsync(new byte[1]).AsTask().WaitAsync(ClusterNodes.Deadline) == 0)
                throw new IOException("closed by the node");
        });
        Assert.True(refused is AuthenticationException or IOException, $"expected the node to refuse the stranger, got {refused}");
    }

    private static async Task<SslStream> HandshakeAsync(int port, X509Certificate2 certificate, RemoteCertificateValidationCallback validate)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ClientCertificates = [certificate],
            RemoteCertificateValidationCallback = validate,
        }).WaitAsync(ClusterNodes.Deadline);
        return tls;
    }

    /// <summary>A certificate for TLS on both ends of a connection (server and client authentication), valid for a day.</summary>
    internal static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12, as a node loads its certificate: an ephemeral key cannot serve TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, ""), "");
    }

    /// <summary>The TLS cluster both specs use (starting three nodes once).</summary>
    public sealed class TlsCluster : IAsyncLifetime
    {
        public X509Certificate2 Certificate { get; } = SelfSigned("CN=sinch-actors-tls-specs");

        internal ClusterNodes Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await ClusterNodes.StartAsync(3, tls: Certificate);

        public async Task DisposeAsync()
        {
            await Cluster.DisposeAsync();
            Certificate.Dispose();
        }
    }
}
