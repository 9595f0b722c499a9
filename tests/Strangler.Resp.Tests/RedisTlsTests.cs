using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Strangler.TestSupport.Redis;

namespace Strangler.Resp.Tests;

public sealed class RedisTlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strangler-tls-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tls_works_with_a_trusted_certificate_and_is_refused_without_it()
    {
        var certificate = SelfSigned();
        var certPath = Path.Combine(_directory, "cert.pem");
        var keyPath = Path.Combine(_directory, "key.pem");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem(), Ct);
        await File.WriteAllTextAsync(keyPath, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem(), Ct);
        await using var server = await RedisServer.StartOwnedAsync(new RedisServerOptions(TlsCertificate: (certPath, keyPath)));

        var options = new RedisClientOptions { Host = server.Host, Port = server.Port, Ssl = true, SslHost = "localhost" };
        await using (var trusted = await RedisClient.ConnectAsync(options with { TrustedCertificate = certificate }, Ct))
        {
            await trusted.SetAsync("tls", "on"u8.ToArray(), cancellationToken: Ct);
            Assert.Equal("on"u8.ToArray(), await trusted.GetAsync("tls", Ct));
        }

        await Assert.ThrowsAsync<RedisConnectionException>(() => RedisClient.ConnectAsync(options with { ConnectTimeout = TimeSpan.FromSeconds(2) }, Ct));
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
