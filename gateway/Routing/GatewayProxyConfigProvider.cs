using Strangler.Gateway.State;
using Yarp.ReverseProxy.Configuration;

namespace Strangler.Gateway.Routing;

/// <summary>Supplies YARP with the routes and clusters of the rollout view in force.</summary>
internal sealed class GatewayProxyConfigProvider(RolloutRuntime runtime) : IProxyConfigProvider
{
    public IProxyConfig GetConfig() => runtime.View.Proxy;
}
