using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The request target exactly as the client sent it. ASP.NET Core decodes the path and cannot tell
/// "%2F" from "%252F" afterwards, so forwarding the decoded path would change what some clients
/// send; a strangler gateway forwards the original bytes instead.
/// </summary>
internal static class RawTarget
{
    /// <summary>Splits the origin-form target into path and query ("?..." or empty); false for other forms.</summary>
    public static bool TryGet(HttpContext context, out string path, out string query)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            path = query = string.Empty;
            return false;
        }

        var q = target.IndexOf('?', StringComparison.Ordinal);
        path = q < 0 ? target : target[..q];
        query = q < 0 ? string.Empty : target[q..];
        return true;
    }

    public static Uri Combine(string destinationPrefix, string path, string query) =>
        new(destinationPrefix.TrimEnd('/') + path + query, UriKind.Absolute);
}
