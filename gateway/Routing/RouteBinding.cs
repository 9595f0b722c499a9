using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Routing;

/// <summary>One YARP route generated from a feature's route mapping.</summary>
/// <param name="RouteId">YARP route id: "{feature}/{index}".</param>
/// <param name="Path">Client-facing prefix; v3 receives paths unchanged.</param>
/// <param name="V4Path">Prefix that replaces <paramref name="Path"/> for v4.</param>
internal sealed record RouteBinding(string RouteId, string Feature, string Path, string V4Path)
{
    public PathString V4Prefix { get; } = new(V4Path);

    /// <summary>Maps a request path under <see cref="Path"/> onto v4, keeping the remainder (and its encoding) as is.</summary>
    public PathString MapToV4(PathString requestPath)
    {
        var value = requestPath.Value ?? string.Empty;
        var remainder = value.Length > Path.Length ? value[Path.Length..] : string.Empty;
        return remainder.Length == 0 ? V4Prefix : V4Prefix.Add(new PathString(remainder));
    }
}
