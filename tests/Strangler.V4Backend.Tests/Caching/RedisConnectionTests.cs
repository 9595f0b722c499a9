using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Strangler.TestSupport.Postgres;
using Strangler.TestSupport.Redis;
using Strangler.TestSupport.Waiting;

namespace Strangler.V4Backend.Tests.Caching;

/// <summary>
/// ConnectionStrings:Redis as operators write it, against redis-server configured that way: ACL users
/// and passwords, TLS with a certificate from the operator's own authority. Wrong credentials or an
/// untrusted certificate are never an error to clients: v4 serves from memory and says so in /readyz.
/// </summary>
public sealed class RedisConnectionTests(PostgresFixture postgres) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("strangler-v4-tls-").FullName;

    [Fact]
    public async Task An_acl_user_with_its_password_is_served_by_redis()
    {
        await using var redis = await RedisServer.StartOwnedAsync(new RedisServerOptions(Password: "default-pass", AclUser: ("v4app", "v4-pass")));
        await using var v4 = await V4Node.StartAsync(await postgres.CreateDatabaseAsync("acl"), $"{redis.Endpoint},user=v4app,password=v4-pass,connectTimeout=2000");

        await UsesRedisAsync(v4);
        Assert.Equal(1, (long)await redis.ExecuteAsync("EXISTS", "v2:v4:gen:restaurants"));
    }

    [Fact]
    public async Task Wrong_credentials_leave_v4_serving_from_memory_and_saying_why()
    {
        await using var redis = await RedisServer.StartOwnedAsync(new RedisServerOptions(Password: "default-pass", AclUser: ("v4app", "v4-pass")));
        await using var v4 = await V4Node.StartAsync(await postgres.CreateDatabaseAsync("acl-wrong"), $"{redis.Endpoint},user=v4app,password=wrong,connectTimeout=2000");

        await ServesWithoutRedisAsync(v4);
        Assert.Equal(0, (long)await redis.ExecuteAsync("EXISTS", "v2:v4:gen:restaurants"));
    }

    [Fact]
    public async Task Tls_with_a_certificate_from_a_configured_authority_is_served_by_redis()
    {
        await using var redis = await StartTlsRedisAsync();
        await using var v4 = await V4Node.StartAsync(
            await postgres.CreateDatabaseAsync("tls"),
            $"{redis.Endpoint},ssl=true,sslHost=localhost,connectTimeout=2000",
            more: new Dictionary<string, string?> { ["Cache:RedisCertificateAuthority"] = Path.Combine(_directory, "cert.pem") });

        await UsesRedisAsync(v4);
    }

    [Fact]
    public async Task Tls_with_an_untrusted_certificate_leaves_v4_serving_from_memory()
    {
        await using var redis = await StartTlsRedisAsync();
        await using var v4 = await V4Node.StartAsync(await postgres.CreateDatabaseAsync("tls-untrusted"), $"{redis.Endpoint},ssl=true,sslHost=localhost,connectTimeout=2000");

        await ServesWithoutRedisAsync(v4);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task UsesRedisAsync(V4Node v4)
    {
        await Eventually.HoldsAsync(() => v4.Cache.Status == "redis", "v4 to connect to Redis", Patience);
        await v4.GetOkAsync("api/v4/restaurants/21");
        Assert.Equal(1, v4.Stats.Total("restaurants", "redis", hit: false));
        Assert.Equal(0, v4.RedisFailures);
    }

    private static async Task ServesWithoutRedisAsync(V4Node v4)
    {
        for (var i = 1; i <= 10; i++)
        {
            await v4.GetOkAsync($"api/v4/restaurants/{i}");
        }

        Assert.NotEqual("redis", v4.Cache.Status);
        Assert.True(v4.RedisFailures > 0);
        Assert.Equal(0, v4.Stats.Total("restaurants", "redis", hit: true));
        using var ready = await v4.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"cache\":\"redis", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>A TLS-only redis-server with a self-signed certificate for localhost (its own authority), written to cert.pem.</summary>
    private async Task<RedisServer> StartTlsRedisAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certPath = Path.Combine(_directory, "cert.pem");
        var keyPath = Path.Combine(_directory, "key.pem");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);
        return await RedisServer.StartOwnedAsync(new RedisServerOptions(TlsCertificate: (certPath, keyPath)));
    }
}
