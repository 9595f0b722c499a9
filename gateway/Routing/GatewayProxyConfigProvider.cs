using Microsoft.Extensions.Primitives;
using Strangler.Gateway.Rollout;
using Yarp.ReverseProxy.Configuration;

namespace Strangler.Gateway.Routing;

/// <summary>Supplies YARP with routes and clusters generated from the rollout in force.</summary>
internal sealed class GatewayProxyConfigProvider : IProxyConfigProvider
{
    private volatile ProxyConfig _config = new([], [], new CancellationTokenSource());

    public GatewayProxyConfigProvider(RolloutStore store) => store.Subscribe(OnApplied);

    public IProxyConfig GetConfig() => _config;

    private void OnApplied(RouteTable table)
    {
        var previous = _config;
        _config = new ProxyConfig(
            ProxyConfigBuilder.BuildRoutes(table),
            ProxyConfigBuilder.BuildClusters(table.Snapshot.Backends),
            new CancellationTokenSource());
        previous.SignalChange();
    }

    private sealed class ProxyConfig(
        IReadOnlyList<RouteConfig> routes,
        IReadOnlyList<ClusterConfig> clusters,
        CancellationTokenSource changeSource) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes { get; } = routes;

        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

        public IChangeToken ChangeToken { get; } = new CancellationChangeToken(changeSource.Token);

        // Not disposed: YARP may still register on the old token while it switches to the new config.
        public void SignalChange() => changeSource.Cancel();
    }
}
