using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Headers;

/// <summary>
/// Removes headers a client must not control: every X-Strangler-* header, and unless the gateway
/// trusts its upstream, every X-Forwarded-*, Forwarded and X-Real-IP header (YARP then sets fresh ones).
/// </summary>
internal static class ClientHeaderSanitizer
{
    public static void Sanitize(IHeaderDictionary headers, bool trustForwarded)
    {
        List<string>? doomed = null;
        foreach (var header in headers)
        {
            var name = header.Key;
            if (name.StartsWith(InternalHeaders.Prefix, StringComparison.OrdinalIgnoreCase)
                || (!trustForwarded && IsForwardingHeader(name)))
            {
                (doomed ??= []).Add(name);
            }
        }

        if (doomed is null)
        {
            return;
        }

        foreach (var name in doomed)
        {
            headers.Remove(name);
        }
    }

    private static bool IsForwardingHeader(string name) =>
        name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Forwarded", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Real-IP", StringComparison.OrdinalIgnoreCase);
}
