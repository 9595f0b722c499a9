using System.Security.Cryptography;
using System.Text;

namespace Strangler.Gateway.Webhooks;

/// <summary>The X-Strangler-Signature header: HMAC-SHA256 of the exact body bytes with the webhook's secret.</summary>
internal static class WebhookSignature
{
    public const string Header = "X-Strangler-Signature";

    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
