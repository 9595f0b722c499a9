using System.Security.Cryptography;
using System.Text;

namespace Strangler.Gateway.Admin;

/// <summary>
/// The management bearer token. Comparison hashes both sides first so it takes the same time
/// whatever the presented value's length or content.
/// </summary>
internal sealed class AdminToken
{
    private readonly byte[]? _expectedHash;

    public AdminToken(string? token) =>
        _expectedHash = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>False when no token is configured: the management port is then loopback-only and open.</summary>
    public bool Required => _expectedHash is not null;

    public bool Matches(string? authorizationHeader)
    {
        if (_expectedHash is null)
        {
            return true;
        }

        const string Scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader[Scheme.Length..].Trim()), presented);
        return CryptographicOperations.FixedTimeEquals(presented, _expectedHash);
    }
}
