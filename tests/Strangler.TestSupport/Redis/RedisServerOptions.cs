namespace Strangler.TestSupport.Redis;

/// <summary>How to start a throwaway redis-server.</summary>
/// <param name="Password">requirepass for the default user, or null.</param>
/// <param name="AclUser">An extra ACL user with all permissions and this password, as (name, password).</param>
/// <param name="TlsCertificate">PEM certificate and key paths to serve TLS on the port instead of plain TCP.</param>
public sealed record RedisServerOptions(
    string? Password = null,
    (string Name, string Password)? AclUser = null,
    (string CertificatePem, string KeyPem)? TlsCertificate = null);
