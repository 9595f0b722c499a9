using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;

namespace Strangler.Gateway.Routing;

/// <summary>
/// Passive health checks that follow the request to the cluster it was actually sent to. YARP's
/// own middleware reports to the route's cluster, which for a request the decision step moved to
/// v4 is v3: a dead v4 destination would then never leave rotation. This step reports to the
/// cluster of the proxied destination instead, with the same policies.
/// </summary>
internal sealed class PassiveHealthStep(IEnumerable<IPassiveHealthCheckPolicy> policies, IProxyStateLookup proxyState)
{
    private const string DefaultPolicy = "TransportFailureRate";

    private readonly FrozenDictionary<string, IPassiveHealthCheckPolicy> _policies =
        policies.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        var proxy = context.GetReverseProxyFeature();
        var options = proxy.Cluster.Config.HealthCheck?.Passive;
        if (options?.Enabled != true
            || proxy.ProxiedDestination is not { } destination
            || !proxyState.TryGetCluster(proxy.Cluster.Config.ClusterId, out var cluster)
            || !_policies.TryGetValue(options.Policy ?? DefaultPolicy, out var policy))
        {
            return;
        }

        policy.RequestProxied(context, cluster, destination);
    }
}
