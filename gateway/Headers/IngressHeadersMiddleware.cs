using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Hosting;

namespace Strangler.Gateway.Headers;

/// <summary>
/// First step of the public pipeline: drop headers clients must not control and settle the
/// request id (forwarded to the backend, echoed to the client, used as the trace identifier).
/// </summary>
internal sealed class IngressHeadersMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    private readonly bool _trustForwarded = options.Value.ForwardedHeaders.TrustIncoming;

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        ClientHeaderSanitizer.Sanitize(headers, _trustForwarded);

        var given = headers[InternalHeaders.RequestId];
        var id = given.Count == 1 && RequestId.IsValid(given[0]) ? given[0]! : RequestId.New();
        headers[InternalHeaders.RequestId] = id;
        context.TraceIdentifier = id;
        context.Response.Headers[InternalHeaders.RequestId] = id;
        return next(context);
    }
}
