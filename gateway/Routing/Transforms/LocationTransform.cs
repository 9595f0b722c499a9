using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Transforms;

namespace Strangler.Gateway.Routing.Transforms;

/// <summary>
/// v4 names its own paths (/api/v4/...) in Location; clients must get the path they call
/// (/api/...). Absolute URLs pointing at the v4 destination become client-relative too.
/// </summary>
internal sealed class LocationTransform : ResponseTransform
{
    public static LocationTransform Instance { get; } = new();

    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var http = context.HttpContext;
        var routing = http.Features.GetRequiredFeature<RequestRouting>();
        var location = http.Response.Headers.Location.ToString();
        if (!routing.UsesV4 || location.Length == 0)
        {
            return default;
        }

        string? path = null;
        if (location[0] == '/')
        {
            path = location;
        }
        else if (http.GetReverseProxyFeature().ProxiedDestination?.Model.Config.Address is { } destination
            && Uri.TryCreate(location, UriKind.Absolute, out var absolute)
            && Uri.TryCreate(destination, UriKind.Absolute, out var target)
            && string.Equals(absolute.Authority, target.Authority, StringComparison.OrdinalIgnoreCase))
        {
            path = absolute.PathAndQuery;
        }

        if (path is not null && routing.Route!.Binding.MapV4PathToClient(path) is { } mapped)
        {
            http.Response.Headers.Location = mapped;
        }

        return default;
    }
}
