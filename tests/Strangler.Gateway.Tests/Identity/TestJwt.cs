using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Strangler.Gateway.Tests.Identity;

/// <summary>Mints compact JWTs for tests with Microsoft.IdentityModel's JsonWebTokenHandler, from any payload.</summary>
internal static class TestJwt
{
    public const string Key = "test-signing-key-with-at-least-32-bytes!";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <param name="payload">Serialized as it is (no claims added), or used as raw JSON when it is a string.</param>
    /// <param name="alg">HS256 or HS512 signs with <paramref name="key"/>; "none" leaves the token unsigned.</param>
    public static string Create(object payload, string key = Key, string alg = SecurityAlgorithms.HmacSha256)
    {
        var json = payload as string ?? JsonSerializer.Serialize(payload);
        return alg == "none"
            ? Handler.CreateToken(json)
            : Handler.CreateToken(json, new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), alg));
    }

    public static long In(TimeSpan offset) => DateTimeOffset.UtcNow.Add(offset).ToUnixTimeSeconds();
}
