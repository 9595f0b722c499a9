using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Routing;

/// <summary>One YARP route generated from a feature's route mapping.</summary>
/// <param name="RouteId">YARP route id: "{feature}/{index}".</param>
/// <param name="Path">Client-facing prefix; v3 receives paths unchanged.</param>
/// <param name="V4Path">Prefix that replaces <paramref name="Path"/> for v4.</param>
internal sealed record RouteBinding(string RouteId, string Feature, string Path, string V4Path)
{
    public PathString V4Prefix { get; } = new(V4Path);

    /// <summary>
    /// Maps the path exactly as the client sent it (still percent-encoded) onto v4, or null when the
    /// client percent-encoded characters of the prefix itself (then <see cref="MapToV4(PathString)"/> applies).
    /// </summary>
    public string? MapRawToV4(string rawPath) =>
        rawPath.StartsWith(Path, StringComparison.OrdinalIgnoreCase) && (rawPath.Length == Path.Length || rawPath[Path.Length] == '/')
            ? V4Path + rawPath[Path.Length..]
            : null;

    /// <summary>
    /// Maps a v4 path back onto the client-facing path (the reverse of the rewrite), so a Location
    /// header from v4 sends clients to a URL they can call; null when the path is not under <see cref="V4Path"/>.
    /// </summary>
    public string? MapV4PathToClient(string v4Path) =>
        v4Path.StartsWith(V4Path, StringComparison.OrdinalIgnoreCase) && (v4Path.Length == V4Path.Length || v4Path[V4Path.Length] is '/' or '?')
            ? Path + v4Path[V4Path.Length..]
            : null;

    /// <summary>Maps a decoded request path under <see cref="Path"/> onto v4, keeping the remainder.</summary>
    public PathString MapToV4(PathString requestPath)
    {
        var value = requestPath.Value ?? string.Empty;
        var remainder = value.Length > Path.Length ? value[Path.Length..] : string.Empty;
        return remainder.Length == 0 ? V4Prefix : V4Prefix.Add(new PathString(remainder));
    }
}
