using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Strangler.Bucketing;
using Strangler.Gateway.Headers;
using Yarp.ReverseProxy.Transforms;

namespace Strangler.Gateway.Routing.Transforms;

/// <summary>The decision for the backend: X-Strangler-Backend, -Feature, -Reason, -Bucket and, after a failover, -Failover.</summary>
internal sealed class DecisionHeadersTransform : RequestTransform
{
    public static DecisionHeadersTransform Instance { get; } = new();

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        var routing = context.HttpContext.Features.GetRequiredFeature<RequestRouting>();
        if (routing.Route is not { } route)
        {
            return default;
        }

        var headers = context.ProxyRequest.Headers;
        headers.TryAddWithoutValidation(InternalHeaders.Backend, routing.Backend);
        headers.TryAddWithoutValidation(InternalHeaders.Feature, route.Binding.Feature);
        headers.TryAddWithoutValidation(InternalHeaders.Reason, routing.ReasonName);
        if (routing.FailedOver)
        {
            headers.TryAddWithoutValidation(InternalHeaders.Failover, "v4-failed");
        }

        if (routing.Decision.Bucket != RolloutDecision.NoBucket)
        {
            headers.TryAddWithoutValidation(InternalHeaders.Bucket, routing.Decision.Bucket.ToString(CultureInfo.InvariantCulture));
        }

        return default;
    }
}
