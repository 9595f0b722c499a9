using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Strangler.Gateway.Tests.Identity;

/// <summary>Builds compact JWTs for tests, including deliberately broken ones.</summary>
internal static class TestJwt
{
    public const string Key = "test-signing-key-with-at-least-32-bytes!";

    public static string Create(object payload, string key = Key, string alg = "HS256")
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg, typ = "JWT" }));
        var body = Encode(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{body}")));
        return $"{header}.{body}.{signature}";
    }

    public static long In(TimeSpan offset) => DateTimeOffset.UtcNow.Add(offset).ToUnixTimeSeconds();

    private static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
