using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Strangler.Bucketing;
using Strangler.Gateway.Headers;
using Strangler.Gateway.Hosting;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Strangler.Gateway.Routing;

/// <summary>
/// Transforms for every generated route: X-Forwarded-* set by the gateway (appended only when the
/// upstream is trusted), the v4 path rewrite, the decision headers for the backend, and on the
/// response the request id and the sticky anonymous cookie.
/// </summary>
internal sealed class DecisionTransformProvider(IOptions<GatewayOptions> options) : ITransformProvider
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
        context.AddRequestTransform(ApplyDecision);
        context.AddResponseTransform(FinishResponse);
    }

    private static ValueTask ApplyDecision(RequestTransformContext context)
    {
        // The path as the client sent it, the v4 prefix swapped in; the admission step refused
        // every target a backend could read as another path (and every form without a path).
        var target = RawTarget.Of(context.HttpContext);
        var routing = context.HttpContext.Features.Get<RoutingDecisionFeature>();
        context.ProxyRequest.RequestUri = RawTarget.ForDestination(
            context.DestinationPrefix, target, RawTarget.PathStart(target), routing is { UsesV4: true } ? routing.Binding : null);
        if (routing is null)
        {
            return default;
        }

        var decision = routing.Decision;
        var headers = context.ProxyRequest.Headers;
        headers.TryAddWithoutValidation(InternalHeaders.Backend, routing.Backend);
        headers.TryAddWithoutValidation(InternalHeaders.Feature, routing.Binding.Feature);
        headers.TryAddWithoutValidation(InternalHeaders.Reason, routing.ReasonName);
        if (routing.FailedOver)
        {
            headers.TryAddWithoutValidation(InternalHeaders.Failover, "v4-failed");
        }

        if (decision.Bucket != RolloutDecision.NoBucket)
        {
            headers.TryAddWithoutValidation(InternalHeaders.Bucket, decision.Bucket.ToString(CultureInfo.InvariantCulture));
        }

        return default;
    }

    private static ValueTask FinishResponse(ResponseTransformContext context)
    {
        var http = context.HttpContext;
        var routing = http.Features.Get<RoutingDecisionFeature>();
        if (routing is { UsesV4: true, FailoverEligible: true } && IsRetryableStatus(http.Response.StatusCode))
        {
            // Keep the failure from the client: nothing is sent, and the decision step retries on v3.
            routing.V4FailedStatus = http.Response.StatusCode;
            context.SuppressResponseBody = true;
            return default;
        }

        http.Response.Headers[InternalHeaders.RequestId] = http.TraceIdentifier;
        if (routing is { UsesV4: true })
        {
            RewriteLocation(http, routing.Binding, context.HttpContext.GetReverseProxyFeature().ProxiedDestination?.Model.Config.Address);
        }

        if (routing?.IssuedAnonymousCookie is { } issued)
        {
            var cookie = new SetCookieHeaderValue(issued.Name, issued.Value)
            {
                Path = "/",
                HttpOnly = true,
                SameSite = Microsoft.Net.Http.Headers.SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                MaxAge = issued.MaxAge,
            };
            http.Response.Headers.Append(HeaderNames.SetCookie, cookie.ToString());
        }

        return default;
    }

    private static bool IsRetryableStatus(int status) => status is 502 or 503 or 504;

    /// <summary>
    /// v4 names its own paths (/api/v4/...) in Location; clients must get the path they call
    /// (/api/...). Absolute URLs pointing at the v4 destination become client-relative too.
    /// </summary>
    private static void RewriteLocation(HttpContext http, RouteBinding binding, string? destination)
    {
        var location = http.Response.Headers.Location.ToString();
        if (location.Length == 0)
        {
            return;
        }

        string? path = null;
        if (location[0] == '/')
        {
            path = location;
        }
        else if (destination is not null
            && Uri.TryCreate(location, UriKind.Absolute, out var absolute)
            && Uri.TryCreate(destination, UriKind.Absolute, out var target)
            && string.Equals(absolute.Authority, target.Authority, StringComparison.OrdinalIgnoreCase))
        {
            path = absolute.PathAndQuery;
        }

        if (path is not null && binding.MapV4PathToClient(path) is { } mapped)
        {
            http.Response.Headers.Location = mapped;
        }
    }
}
