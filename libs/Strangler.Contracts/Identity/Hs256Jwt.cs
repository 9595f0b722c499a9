using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Strangler.Contracts.Identity;

/// <summary>
/// Compact JWTs signed with HMAC-SHA256, the public contract's identity. Validation is strict:
/// header alg must be HS256, the signature is compared in constant time, exp is required and
/// checked (as is nbf when present) with a small clock skew, sub must be a non-empty string and
/// role must be "admin" or "user".
/// </summary>
public sealed class Hs256Jwt
{
    /// <summary>Keys shorter than this are refused: HS256 needs at least 256 bits.</summary>
    public const int MinKeyBytes = 32;

    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    private readonly byte[] _key;

    public Hs256Jwt(string key)
    {
        _key = Encoding.UTF8.GetBytes(key ?? throw new ArgumentNullException(nameof(key)));
        if (_key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"the signing key must be at least {MinKeyBytes} bytes of UTF-8 (got {_key.Length})", nameof(key));
        }
    }

    public string Create(string subject, string role, DateTimeOffset expires, DateTimeOffset? issuedAt = null)
    {
        var header = Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["role"] = role,
            ["iat"] = (issuedAt ?? expires.AddHours(-1)).ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        }));
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    public TokenValidation Validate(string token, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || !Base64Url.IsValid(p)))
        {
            return TokenValidation.Fail("malformed token: expected three base64url segments");
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
            {
                return TokenValidation.Fail("unsupported token algorithm: only HS256 is accepted");
            }

            var expected = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
            var given = Base64Url.DecodeFromChars(parts[2]);
            if (!CryptographicOperations.FixedTimeEquals(expected, given))
            {
                return TokenValidation.Fail("invalid token signature");
            }

            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return Claims(payload.RootElement, now);
        }
        catch (JsonException)
        {
            return TokenValidation.Fail("malformed token: header or payload is not JSON");
        }
    }

    private static TokenValidation Claims(JsonElement payload, DateTimeOffset now)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return TokenValidation.Fail("malformed token: payload is not a JSON object");
        }

        if (!payload.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expSeconds))
        {
            return TokenValidation.Fail("token has no numeric exp claim");
        }

        if (now - ClockSkew >= DateTimeOffset.FromUnixTimeSeconds(expSeconds))
        {
            return TokenValidation.Fail("token expired");
        }

        if (payload.TryGetProperty("nbf", out var nbf) && nbf.TryGetInt64(out var nbfSeconds)
            && now + ClockSkew < DateTimeOffset.FromUnixTimeSeconds(nbfSeconds))
        {
            return TokenValidation.Fail("token not valid yet");
        }

        if (!payload.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(sub.GetString()))
        {
            return TokenValidation.Fail("token has no sub claim");
        }

        var role = payload.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        if (role is not (Model.Roles.Admin or Model.Roles.User))
        {
            return TokenValidation.Fail("token role must be \"admin\" or \"user\"");
        }

        return new TokenValidation(new TokenIdentity(sub.GetString()!, role), null);
    }
}
