using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Strangler.Telemetry;

/// <summary>
/// The metrics pipeline of a deployable: one OpenTelemetry <see cref="MeterProvider"/> per
/// application, listening to the application's own meters, .NET runtime and process
/// instruments, exporting through the Prometheus exporter (served by
/// <see cref="PrometheusEndpoint.MapPrometheusText"/>) and whatever else the caller adds (OTLP).
/// </summary>
public static class MetricsPipeline
{
    /// <summary>
    /// Registers the pipeline. Meters of <paramref name="meterNames"/> are read only when this
    /// application's <see cref="System.Diagnostics.Metrics.IMeterFactory"/> created them (or they
    /// are process-wide), so several applications in one process keep their series apart.
    /// </summary>
    /// <param name="serviceName">The OpenTelemetry service name (resource attribute service.name).</param>
    /// <param name="meterNames">The application's meters.</param>
    /// <param name="configure">More readers or exporters on the same provider (e.g. OTLP).</param>
    /// <param name="seriesLimits">
    /// Series (metric points) allowed per instrument name where the SDK's default of 2000 is too few;
    /// the SDK reserves them up front and folds series beyond the limit into one overflow series.
    /// </param>
    public static IServiceCollection AddMetricsPipeline(
        this IServiceCollection services,
        string serviceName,
        IReadOnlyCollection<string> meterNames,
        Action<MeterProviderBuilder>? configure = null,
        IReadOnlyDictionary<string, int>? seriesLimits = null)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter([.. meterNames])
                    .AddRuntimeInstrumentation()
                    .AddProcessInstrumentation()
                    .AddPrometheusExporter(prometheus =>
                    {
                        // Series are named by instrument and labelled by tags only, as documented;
                        // the scope and the resource are not labels nor a target_info family.
                        prometheus.ScopeInfoEnabled = false;
                        prometheus.TargetInfoEnabled = false;
                        // Every scrape is collected afresh: a cached answer would hide what just happened.
                        prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                    });
                configure?.Invoke(metrics);
            });
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
            metrics.AddView(new MetricViews(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), seriesLimits).Configure));
        return services;
    }
}
