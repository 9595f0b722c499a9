using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Routing;

/// <summary>
/// When a failed v4 request is retried once on v3, so users see no error while the guard reacts:
/// only idempotent requests without a body, only failures worth retrying, and only when nothing
/// of the v4 response reached the client. The one place that says what is retryable.
/// </summary>
internal static class FailoverPolicy
{
    /// <summary>The request can be sent twice: GET or HEAD without a body.</summary>
    public static bool IsEligible(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.ContentLength is null or 0
        && !request.Headers.ContainsKey("Transfer-Encoding");

    /// <summary>A v4 answer that is held back from the client so the request can go to v3.</summary>
    public static bool IsRetryable(int status) => status is 502 or 503 or 504;

    /// <summary>A v4 failure without an answer worth retrying: no connection, timeout, no healthy destination.</summary>
    public static bool IsRetryable(ForwarderError error) =>
        error is ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.NoAvailableDestinations;

    /// <summary>v4 failed in a way worth retrying, and the client has seen nothing of it.</summary>
    public static bool V4Failed(HttpContext context, RequestRouting routing) =>
        !context.Response.HasStarted
        && !context.RequestAborted.IsCancellationRequested
        && (routing.V4FailedStatus is not null || context.GetForwarderErrorFeature()?.Error is { } error && IsRetryable(error));

    /// <summary>Forgets the v4 attempt's response and error, so the v3 attempt starts clean.</summary>
    public static void PrepareRetry(HttpContext context, RequestRouting routing)
    {
        context.Response.Clear();
        context.Response.Headers[InternalHeaders.RequestId] = context.TraceIdentifier;
        context.Features.Set<IForwarderErrorFeature>(null);
        routing.MarkFailedOver();
    }
}
