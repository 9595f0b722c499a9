using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;

namespace Strangler.Gateway.Routing.Transforms;

/// <summary>
/// Keeps a retryable v4 answer (<see cref="FailoverPolicy.IsRetryable(int)"/>) of a request eligible
/// for failover from the client: its body is not sent, and the failover step retries on v3.
/// </summary>
internal sealed class HoldBackV4FailureTransform : ResponseTransform
{
    public static HoldBackV4FailureTransform Instance { get; } = new();

    public override ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var http = context.HttpContext;
        var routing = http.Features.GetRequiredFeature<RequestRouting>();
        if (routing is { UsesV4: true, FailoverEligible: true } && FailoverPolicy.IsRetryable(http.Response.StatusCode))
        {
            routing.V4FailedStatus = http.Response.StatusCode;
            context.SuppressResponseBody = true;
        }

        return default;
    }
}
