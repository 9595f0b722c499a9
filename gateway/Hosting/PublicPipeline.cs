using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Headers;
using Strangler.Gateway.Logging;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Routing;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Hosting;

internal static class PublicPipeline
{
    /// <summary>
    /// The access log (when on), header hygiene, then YARP: admission (the request's rollout view;
    /// what is refused unforwarded), the decision, the shadow copy of sampled v3 reads, failover, outcome recording per attempt, load
    /// balancing, passive health. docs/operations.md ("How a request flows") follows this order.
    /// </summary>
    public static void MapPublicPipeline(this WebApplication app)
    {
        app.Services.GetRequiredService<AccessLog>().Use(app);
        app.UseMiddleware<IngressHeadersMiddleware>();
        var admit = app.Services.GetRequiredService<AdmissionStep>();
        var decide = app.Services.GetRequiredService<DecisionStep>();
        var shadow = app.Services.GetRequiredService<ShadowStep>();
        var failover = app.Services.GetRequiredService<FailoverStep>();
        var record = app.Services.GetRequiredService<OutcomeStep>();
        var passiveHealth = app.Services.GetRequiredService<PassiveHealthStep>();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(admit.InvokeAsync);
            proxy.Use(decide.InvokeAsync);
            proxy.Use(shadow.InvokeAsync);
            proxy.Use(failover.InvokeAsync);
            proxy.Use(record.InvokeAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.Use(passiveHealth.InvokeAsync);
        });
    }
}
