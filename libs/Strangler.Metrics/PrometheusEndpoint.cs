using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Strangler.Metrics;

public static class PrometheusEndpoint
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Registers a collector for the meters named.</summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services, params string[] meterNames) =>
        services.AddSingleton(_ => new PrometheusCollector(meterNames));

    /// <summary>Registers a collector for the meter instances the factory returns (resolved once, at start-up).</summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services, Func<IServiceProvider, System.Diagnostics.Metrics.Meter[]> meters) =>
        services.AddSingleton(sp => new PrometheusCollector(meters(sp)));

    /// <summary>
    /// Serves the collector's output in the Prometheus text format. The collector is created here,
    /// at start-up, so measurements made before the first scrape are not lost.
    /// </summary>
    public static RouteHandlerBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics")
    {
        var collector = endpoints.ServiceProvider.GetRequiredService<PrometheusCollector>();
        return endpoints.MapGet(path, () => Results.Text(collector.Scrape(), ContentType));
    }
}
