namespace Strangler.Gateway.Routing;

/// <summary>One YARP route generated from a feature's route mapping.</summary>
/// <param name="RouteId">YARP route id: "{feature}/{index}".</param>
/// <param name="Path">Client-facing prefix; v3 receives paths unchanged.</param>
/// <param name="V4Path">Prefix that replaces <paramref name="Path"/> for v4.</param>
internal sealed record RouteBinding(string RouteId, string Feature, string Path, string V4Path)
{
    /// <summary>Segments of <see cref="Path"/> ("/api/restaurants": 2).</summary>
    public int Segments { get; } = Path.AsSpan().Count('/');

    /// <summary>
    /// Whether a path (decoded or normalised; never with empty or dot segments in the prefix) is
    /// this route's: its first segments equal the prefix's, ignoring case, as routing compares them.
    /// </summary>
    public bool Covers(ReadOnlySpan<char> path) =>
        path.StartsWith(Path, StringComparison.OrdinalIgnoreCase) && (path.Length == Path.Length || path[Path.Length] == '/');

    /// <summary>
    /// How many characters of a raw path (still percent-encoded, query included) the prefix takes:
    /// routing matched the prefix segment by segment on the decoded path, and the target check made
    /// sure the raw path has the same segments, so the prefix is its first <see cref="Segments"/>
    /// segments however the client encoded them ("/api/%72estaurants/7" -> "/api/%72estaurants").
    /// </summary>
    public int PrefixLength(ReadOnlySpan<char> raw)
    {
        var end = 0;
        for (var i = 0; i < Segments; i++)
        {
            var next = raw[(end + 1)..].IndexOfAny('/', '?');
            if (next < 0)
            {
                return raw.Length;
            }

            end += 1 + next;
            if (raw[end] == '?')
            {
                return end;
            }
        }

        return end;
    }

    /// <summary>
    /// Maps a v4 path back onto the client-facing path (the reverse of the rewrite), so a Location
    /// header from v4 sends clients to a URL they can call; null when the path is not under <see cref="V4Path"/>.
    /// </summary>
    public string? MapV4PathToClient(string v4Path) =>
        v4Path.StartsWith(V4Path, StringComparison.OrdinalIgnoreCase) && (v4Path.Length == V4Path.Length || v4Path[V4Path.Length] is '/' or '?')
            ? Path + v4Path[V4Path.Length..]
            : null;
}
