using System.Collections.Immutable;
using Microsoft.Extensions.Primitives;
using Strangler.Gateway.Rollout.Model;
using Yarp.ReverseProxy.Configuration;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The routes and clusters of one rollout revision, as YARP reads them. Its change token fires when
/// a view of another revision replaces the one that holds it.
/// </summary>
internal sealed class GatewayProxyConfig : IProxyConfig
{
    private readonly CancellationTokenSource _changed = new();

    private GatewayProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters)
    {
        Routes = routes;
        Clusters = clusters;
        ChangeToken = new CancellationChangeToken(_changed.Token);
    }

    public static GatewayProxyConfig Empty { get; } = new([], []);

    public IReadOnlyList<RouteConfig> Routes { get; }

    public IReadOnlyList<ClusterConfig> Clusters { get; }

    public IChangeToken ChangeToken { get; }

    public static GatewayProxyConfig Build(ImmutableArray<RouteBinding> bindings, BackendsConfig backends) =>
        new(ProxyConfigBuilder.BuildRoutes(bindings), ProxyConfigBuilder.BuildClusters(backends));

    /// <summary>Tells YARP to read the configuration again. Not disposed: YARP may still register on the old token while it switches.</summary>
    public void SignalChange() => _changed.Cancel();
}
