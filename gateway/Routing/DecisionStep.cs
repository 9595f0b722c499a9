using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Strangler.Bucketing;
using Strangler.Gateway.Identity;
using Yarp.ReverseProxy;

namespace Strangler.Gateway.Routing;

/// <summary>
/// The proxy step that picks v3 or v4: find the route's feature in the request's rollout view,
/// resolve the user, evaluate the feature's rule with the pure <see cref="RolloutEvaluator"/>,
/// keep the decision on the request, and move the request to the v4 cluster when chosen. A path
/// no feature claims stays on the v3 route, unchanged.
/// </summary>
internal sealed class DecisionStep(UserIdResolver users, IProxyStateLookup proxyState)
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var routing = context.Features.GetRequiredFeature<RequestRouting>();
        var view = routing.View;
        var request = context.Request;
        // A route of the revision YARP still serves while it switches may be gone from (or mean
        // another path in) the request's view: then no feature claims the request.
        if (!view.Routes.TryGetValue(context.GetReverseProxyFeature().Route.Config.RouteId, out var route)
            || !route.Binding.Covers(request.Path.Value))
        {
            return next(context);
        }

        var userId = users.Resolve(request, view.Identity!, out var issued);
        var decision = RolloutEvaluator.Evaluate(route.Feature.Rule, userId);
        routing.Decide(route, userId, decision, issued, decision.UseV4 && route.Feature.File.Failover && FailoverPolicy.IsEligible(request));
        if (decision.UseV4 && proxyState.TryGetCluster(Backends.V4, out var v4))
        {
            context.ReassignProxyRequest(v4);
        }

        // Events logged from here on carry the decision (Logging.RequestEnricher reads it from the request).
        return next(context);
    }
}
