using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Model;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Routing;

/// <summary>
/// Turns route bindings and backends into YARP routes and clusters (pure). Every route targets the v3 cluster; the
/// routing decision step reassigns a request to v4. Clusters balance across destinations and use
/// passive health checks, so a failing destination is taken out of rotation by real traffic.
/// </summary>
internal static class ProxyConfigBuilder
{
    /// <summary>Route id of the catch-all that sends every path no feature claims to v3, unchanged.</summary>
    public const string FallthroughRouteId = "v3-fallthrough";

    public static IReadOnlyList<RouteConfig> BuildRoutes(ImmutableArray<RouteBinding> bindings) =>
    [
        .. bindings.Select(binding => new RouteConfig
        {
            RouteId = binding.RouteId,
            ClusterId = Backends.V3,
            // A catch-all is optional, so this matches the prefix itself and everything below it.
            Match = new RouteMatch { Path = binding.Path + "/{**rest}" },
        }),
        // The legacy API keeps serving everything that has not been migrated yet.
        new RouteConfig
        {
            RouteId = FallthroughRouteId,
            ClusterId = Backends.V3,
            Order = int.MaxValue,
            Match = new RouteMatch { Path = "/{**rest}" },
        },
    ];

    public static IReadOnlyList<ClusterConfig> BuildClusters(BackendsConfig backends) =>
    [
        BuildCluster(backends.V3),
        BuildCluster(backends.V4),
    ];

    private static ClusterConfig BuildCluster(BackendConfig backend) => new()
    {
        ClusterId = backend.Name,
        LoadBalancingPolicy = "PowerOfTwoChoices",
        Destinations = backend.Destinations
            .Select((uri, i) => (Id: $"{backend.Name}-{i}", Config: new DestinationConfig { Address = uri.ToString() }))
            .ToDictionary(d => d.Id, d => d.Config, StringComparer.Ordinal),
        HealthCheck = new HealthCheckConfig
        {
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = "TransportFailureRate",
                ReactivationPeriod = TimeSpan.FromSeconds(10),
            },
        },
        HttpRequest = new ForwarderRequestConfig
        {
            // Bounded so a hung backend becomes a counted timeout instead of a stuck client.
            ActivityTimeout = TimeSpan.FromSeconds(30),
            AllowResponseBuffering = false,
        },
        HttpClient = new HttpClientConfig
        {
            EnableMultipleHttp2Connections = true,
            DangerousAcceptAnyServerCertificate = false,
        },
    };
}
