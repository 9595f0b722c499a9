using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Routing;

/// <summary>
/// Retrying a failed v4 request once on v3, so users see no error while the guard reacts. Only for
/// idempotent requests without a body, and only when nothing of the v4 response reached the client.
/// </summary>
internal static class Failover
{
    public static bool IsRetryable(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.ContentLength is null or 0
        && !request.Headers.ContainsKey("Transfer-Encoding");

    /// <summary>v4 failed in a way worth retrying: no connection, timeout, no healthy destination, or 502/503/504 held back.</summary>
    public static bool V4Failed(HttpContext context, RoutingDecisionFeature routing)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }

        return routing.V4FailedStatus is not null
            || context.GetForwarderErrorFeature()?.Error is ForwarderError.Request
                or ForwarderError.RequestTimedOut
                or ForwarderError.NoAvailableDestinations;
    }

    public static void PrepareRetry(HttpContext context, RoutingDecisionFeature routing)
    {
        context.Response.Clear();
        context.Response.Headers[InternalHeaders.RequestId] = context.TraceIdentifier;
        context.Features.Set<IForwarderErrorFeature>(null);
        routing.FailedOver = true;
    }
}
