using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The request target exactly as the client sent it. ASP.NET Core decodes the path and cannot tell
/// "%2F" from "%252F" afterwards, so forwarding the decoded path would change what some clients
/// send; a strangler gateway forwards the original bytes instead. <see cref="TargetCheck"/> has
/// refused every target whose bytes a backend could read as another path than the one routing saw,
/// so the bytes are forwarded as they are, and .NET must not normalise them on the way either.
/// </summary>
internal static class RawTarget
{
    // Without it, Uri turns '\' into '/', resolves dot segments, re-escapes '%' and cuts at '#'.
    private static readonly UriCreationOptions AsSent = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public static string Of(HttpContext context) => context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;

    /// <summary>
    /// Where the path starts: 0 in origin-form ("/path?query"), after the authority in absolute-form
    /// ("http://host/path?query"); -1 for the other forms ("*", "host:port").
    /// </summary>
    public static int PathStart(string target)
    {
        if (target.StartsWith('/'))
        {
            return 0;
        }

        var schemeEnd = target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
            : target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : -1;
        if (schemeEnd < 0)
        {
            return -1;
        }

        var authorityEnd = target.AsSpan(schemeEnd).IndexOfAny('/', '?', '#');
        return authorityEnd < 0 ? target.Length : schemeEnd + authorityEnd;
    }

    /// <summary>
    /// The address to send the request to: the destination's prefix, then the target's path and
    /// query as sent. With <paramref name="binding"/>, the path's first segments (the route's
    /// prefix, which routing matched segment by segment) are replaced by its v4 path.
    /// </summary>
    public static Uri ForDestination(string destinationPrefix, string target, int pathStart, RouteBinding? binding)
    {
        var prefix = destinationPrefix.AsSpan().TrimEnd('/');
        var rest = target.AsSpan(pathStart);
        if (binding is not null)
        {
            return new Uri(string.Concat(prefix, binding.V4Path, rest[binding.PrefixLength(rest)..]), in AsSent);
        }

        // An absolute-form target may have an empty path ("http://host?q"), which means "/".
        return rest.StartsWith('/')
            ? new Uri(string.Concat(prefix, rest), in AsSent)
            : new Uri(string.Concat(prefix, "/", rest), in AsSent);
    }
}
