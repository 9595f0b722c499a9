using Microsoft.AspNetCore.Http.Features;
using Strangler.Gateway.Headers;
using Yarp.ReverseProxy.Transforms;

namespace Strangler.Gateway.Routing.Transforms;

/// <summary>X-Request-Id on every proxied response: the id the gateway logged the request under.</summary>
internal sealed class RequestIdTransform : ResponseTransform
{
    public static RequestIdTransform Instance { get; } = new();

    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        context.HttpContext.Response.Headers[InternalHeaders.RequestId] = context.HttpContext.TraceIdentifier;
        return default;
    }
}
