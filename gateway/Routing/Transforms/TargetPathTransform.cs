using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;

namespace Strangler.Gateway.Routing.Transforms;

/// <summary>
/// The path the backend receives: the one the client sent, byte for byte, with the v4 prefix
/// swapped in for requests sent to v4. The admission step refused every target a backend could read
/// as another path (and every form without a path).
/// </summary>
internal sealed class TargetPathTransform : RequestTransform
{
    public static TargetPathTransform Instance { get; } = new();

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        var target = RawTarget.Of(context.HttpContext);
        var routing = context.HttpContext.Features.GetRequiredFeature<RequestRouting>();
        context.ProxyRequest.RequestUri = RawTarget.ForDestination(
            context.DestinationPrefix, target, RawTarget.PathStart(target), routing.UsesV4 ? routing.Route!.Binding : null);
        return default;
    }
}
