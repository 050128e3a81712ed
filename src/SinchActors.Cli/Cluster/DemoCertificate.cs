using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;

namespace SinchActors.Cli.Cluster;

/// <summary>
/// The TLS of <c>demo --nodes N --tls</c>: one self-signed certificate, made at start for this run only and shared by
/// every node. Each node presents it, requires its peer to present one too (mutual TLS), and accepts only that very
/// certificate, pinned by its thumbprint: neither a CA the machine trusts nor any other certificate gets in, and no
/// trust store is changed. The PKCS#12 file lives in a temporary directory only this user can read, under a random
/// password that reaches the nodes over their stdin only, and is deleted when the demo ends.
/// </summary>
internal sealed class DemoCertificate : IDisposable
{
    private static readonly Config EnableTls = ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.enable-ssl = true");

    private readonly DirectoryInfo _directory;

    private DemoCertificate(DirectoryInfo directory, NodeTls forNodes)
    {
        _directory = directory;
        ForNodes = forNodes;
    }

    /// <summary>What the nodes are told (with <c>start</c>): the file and its password.</summary>
    public NodeTls ForNodes { get; }

    public static DemoCertificate Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sinch-actors-demo", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        // Every node is a TLS server (inbound associations) and a client (outbound ones).
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "serverAuth"), new Oid("1.3.6.1.5.5.7.3.2", "clientAuth")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var directory = Directory.CreateTempSubdirectory("sinch-actors-tls-"); // mode 700 on Unix
        var path = Path.Combine(directory.FullName, "node.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return new DemoCertificate(directory, new NodeTls(path, password));
    }

    /// <summary>
    /// A node's side: TLS on its remoting (a default under the user's HOCON) and the setup that presents the certificate
    /// and accepts a peer only when it presents the same one.
    /// </summary>
    /// <exception cref="CryptographicException">The file cannot be read with the password.</exception>
    public static (Config Config, Setup Setup) ForNode(NodeTls tls)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(tls.CertificatePath, tls.Password);
        var setup = new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true,
            CertificateValidation.PinnedCertificate(certificate.Thumbprint));
        return (EnableTls, setup);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
