using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Headers;

/// <summary>
/// Removes headers a client must not control: every X-Strangler-* header, and unless the gateway
/// trusts its upstream, every X-Forwarded-*, Forwarded and X-Real-IP header (YARP then sets fresh
/// ones). Names compare as backends that read headers CGI-style (PHP, WSGI, Rack) see them: case
/// ignored and '_' the same as '-', since both X-Strangler-Backend and X_Strangler_Backend become
/// HTTP_X_STRANGLER_BACKEND there. So every underscore spelling of a header the gateway sets goes,
/// X-Request-Id's and a trusted upstream's forwarding headers' included.
/// </summary>
internal static class ClientHeaderSanitizer
{
    private const string ForwardedPrefix = "X-Forwarded-";

    public static void Sanitize(IHeaderDictionary headers, bool trustForwarded)
    {
        List<string>? doomed = null;
        foreach (var header in headers)
        {
            var name = header.Key;
            if (IsDoomed(name, trustForwarded))
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

    private static bool IsDoomed(string name, bool trustForwarded)
    {
        if (name.Length < 2 || (name[0] | 0x20) != 'x' || name[1] is not ('-' or '_'))
        {
            return !trustForwarded && CgiName.Equals(name, "Forwarded");
        }

        if (CgiName.StartsWith(name, InternalHeaders.Prefix))
        {
            return true;
        }

        // The gateway's own spellings of these are kept (validated, or trusted); other spellings never.
        var forwarding = CgiName.StartsWith(name, ForwardedPrefix) || CgiName.Equals(name, "X-Real-IP");
        var spelledOtherwise = name.Contains('_', StringComparison.Ordinal);
        return (forwarding && (!trustForwarded || spelledOtherwise))
            || (spelledOtherwise && CgiName.Equals(name, InternalHeaders.RequestId));
    }
}
