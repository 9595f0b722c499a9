namespace Strangler.Gateway.Rollout.Loading;

/// <summary>
/// A route covers its path and everything below it, and routing ignores case, so two routes overlap
/// when their paths are equal or one is a segment prefix of the other ("/api/rest" does not overlap
/// "/api/restaurants"). Every overlap is an error at the later route, naming the earlier one.
/// </summary>
internal static class RouteOverlapCheck
{
    public static void Check(BindContext ctx, IReadOnlyList<RouteSite> sites)
    {
        for (var later = 1; later < sites.Count; later++)
        {
            for (var earlier = 0; earlier < later; earlier++)
            {
                var a = sites[earlier];
                var b = sites[later];
                if (!Overlap(a.Path, b.Path))
                {
                    continue;
                }

                var relation = string.Equals(a.Path, b.Path, StringComparison.OrdinalIgnoreCase) ? "duplicates" : "overlaps";
                ctx.Error(b.Node, b.JsonPath, $"route \"{b.Path}\" {relation} \"{a.Path}\" at {a.JsonPath} (feature {a.Feature}); each path must belong to one route");
                break;
            }
        }
    }

    public static bool Overlap(string a, string b)
    {
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        return longer.StartsWith(shorter, StringComparison.OrdinalIgnoreCase)
            && (longer.Length == shorter.Length || longer[shorter.Length] == '/');
    }
}
