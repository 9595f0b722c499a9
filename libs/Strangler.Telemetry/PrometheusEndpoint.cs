using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Metrics;

namespace Strangler.Telemetry;

/// <summary>The Prometheus scrape endpoint of a <see cref="MetricsPipeline"/>.</summary>
public static class PrometheusEndpoint
{
    /// <summary>What the endpoint serves, whatever the scraper asks for.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Maps the exporter's scrape endpoint. It always answers in the Prometheus text format 0.0.4:
    /// the exporter would negotiate OpenMetrics with Prometheus 2.5+ and 3.x, a different text
    /// (metadata lines, _created series, # EOF) that older promtool releases cannot check, so the
    /// format Prometheus ingests is the one the tests and promtool check.
    /// </summary>
    /// <param name="meterProvider">The provider to read; null: the one of the endpoint's application.</param>
    /// <param name="guard">Middleware run before the exporter, e.g. an authorization check.</param>
    public static IEndpointConventionBuilder MapPrometheusText(
        this IEndpointRouteBuilder endpoints,
        string path = "/metrics",
        MeterProvider? meterProvider = null,
        Func<HttpContext, RequestDelegate, Task>? guard = null) =>
        endpoints.MapPrometheusScrapingEndpoint(path, meterProvider, branch =>
        {
            if (guard is not null)
            {
                branch.Use(guard);
            }

            branch.Use(static (context, next) =>
            {
                context.Request.Headers[HeaderNames.Accept] = "text/plain; version=0.0.4";
                return next(context);
            });
        }, optionsName: null);
}
