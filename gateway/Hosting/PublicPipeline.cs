using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Headers;
using Strangler.Gateway.Logging;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Hosting;

internal static class PublicPipeline
{
    /// <summary>The access log (when on), header hygiene, then YARP: admission (what is refused unforwarded), the routing decision, load balancing.</summary>
    public static void MapPublicPipeline(this WebApplication app)
    {
        app.Services.GetRequiredService<AccessLog>().Use(app);
        app.UseMiddleware<IngressHeadersMiddleware>();
        var admit = app.Services.GetRequiredService<AdmissionStep>();
        var decide = app.Services.GetRequiredService<RoutingDecisionStep>();
        var passiveHealth = app.Services.GetRequiredService<PassiveHealthStep>();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(admit.InvokeAsync);
            proxy.Use(decide.InvokeAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.Use(passiveHealth.InvokeAsync);
        });
    }
}
