using System.Collections.Frozen;
using System.Collections.Immutable;
using Strangler.Gateway.Identity;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Routing;

/// <summary>
/// What the request path needs from a rollout snapshot, derived once per snapshot: route bindings by
/// YARP route id and the prepared identity sources.
/// </summary>
internal sealed class RouteTable
{
    public const string V3ClusterId = "v3";
    public const string V4ClusterId = "v4";

    public RouteTable(RolloutSnapshot snapshot)
    {
        Snapshot = snapshot;
        Bindings = snapshot.Features
            .SelectMany(f => f.Routes.Select((r, i) => new RouteBinding($"{f.Name}/{i}", f.Name, r.Path, r.V4Path)))
            .ToImmutableArray();
        ByRouteId = Bindings.ToFrozenDictionary(b => b.RouteId, StringComparer.Ordinal);
        Identity = new IdentityPlan(snapshot.Identity);
    }

    public RolloutSnapshot Snapshot { get; }

    public ImmutableArray<RouteBinding> Bindings { get; }

    public FrozenDictionary<string, RouteBinding> ByRouteId { get; }

    public IdentityPlan Identity { get; }
}
