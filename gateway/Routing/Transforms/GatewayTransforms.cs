using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Hosting;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Strangler.Gateway.Routing.Transforms;

/// <summary>
/// The transforms of every generated route, one job each, in the order they run. Request:
/// X-Forwarded-* (set by the gateway; appended only when the upstream is trusted), the target path,
/// the decision headers. Response: holding back a v4 failure for failover, the request id, the v4
/// Location mapped back, the sticky anonymous cookie.
/// </summary>
internal sealed class GatewayTransforms(IOptions<GatewayOptions> options) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        context.UseDefaultForwarders = false;
        context.AddXForwarded(options.Value.ForwardedHeaders.TrustIncoming
            ? ForwardedTransformActions.Append
            : ForwardedTransformActions.Set);
        context.RequestTransforms.Add(TargetPathTransform.Instance);
        context.RequestTransforms.Add(DecisionHeadersTransform.Instance);
        context.ResponseTransforms.Add(HoldBackV4FailureTransform.Instance);
        context.ResponseTransforms.Add(RequestIdTransform.Instance);
        context.ResponseTransforms.Add(LocationTransform.Instance);
        context.ResponseTransforms.Add(AnonymousCookieTransform.Instance);
    }
}
