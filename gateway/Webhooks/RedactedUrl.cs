using System.Security.Cryptography;
using System.Text;

namespace Strangler.Gateway.Webhooks;

/// <summary>
/// How a webhook URL appears in logs, status and errors: scheme, host and port, then "/…" and the
/// first 8 hex digits of the URL's SHA-256. Path, query and user info are never shown: incoming
/// webhooks (Slack's among them) carry their secret in the path as often as in the query. The hash
/// tells two webhooks on one host apart and matches a URL an operator holds (<c>sha256sum</c>).
/// </summary>
internal static class RedactedUrl
{
    public static string Of(Uri url)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url.OriginalString)))[..8];
        return $"{url.Scheme}://{url.Authority}/…#{hash}";
    }
}
