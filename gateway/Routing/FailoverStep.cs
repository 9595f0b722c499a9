using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Metrics;
using Yarp.ReverseProxy;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The proxy step after the decision: a request eligible for failover (<see cref="FailoverPolicy"/>)
/// whose v4 attempt failed before anything reached the client is sent once more, to v3.
/// </summary>
internal sealed class FailoverStep(IProxyStateLookup proxyState, GatewayMetrics metrics, TrafficTally tally, IOptions<GatewayOptions> options)
{
    private readonly bool _observe = options.Value.Observe;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var routing = context.Features.GetRequiredFeature<RequestRouting>();
        return routing is { FailoverEligible: true, UsesV4: true } ? WithFailoverAsync(context, routing, next) : next(context);
    }

    private async Task WithFailoverAsync(HttpContext context, RequestRouting routing, RequestDelegate next)
    {
        await next(context);
        if (!FailoverPolicy.V4Failed(context, routing) || !proxyState.TryGetCluster(Backends.V3, out var v3))
        {
            return;
        }

        FailoverPolicy.PrepareRetry(context, routing);
        if (_observe)
        {
            metrics.RecordFailover(routing.FeatureName);
            tally.RecordFailover(routing.FeatureName);
        }

        context.ReassignProxyRequest(v3);
        await next(context);
    }
}
