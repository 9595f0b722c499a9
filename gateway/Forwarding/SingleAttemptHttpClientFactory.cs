using System.Net.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Forwarding;

/// <summary>
/// YARP's HTTP client for each cluster, with one change: a request reaches a backend at most once
/// per attempt. SocketsHttpHandler resends a request without a body (any method: POST, DELETE, GET)
/// up to three more times when the server closes the connection after receiving it without sending
/// a byte of an answer (HttpConnection marks the failure RetryOnConnectionFailure whenever the
/// response ends before it starts and there is no request content; the pool's
/// SendWithVersionDetectionAndRetryAsync retries such failures, on fresh connections too). It has
/// no setting for that, and the backend may well have acted on the request before closing, so the
/// HTTP/1.x connection stream reports that close as the error it is (<see cref="UnansweredCloseStream"/>):
/// the handler then fails the request instead of resending it. Only the gateway's documented
/// failover (GET and HEAD, once, on v3) tries again. A connection the backend closed while it was
/// idle, before the request was written, is still replaced transparently: nothing was sent on it.
/// </summary>
internal sealed class SingleAttemptHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.PlaintextStreamFilter = static (connection, _) => ValueTask.FromResult(
            connection.NegotiatedHttpVersion.Major == 1 ? new UnansweredCloseStream(connection.PlaintextStream) : connection.PlaintextStream);
    }
}
