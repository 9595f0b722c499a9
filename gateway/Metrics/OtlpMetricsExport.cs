using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;

namespace Strangler.Gateway.Metrics;

/// <summary>
/// Optional OTLP export of the gateway's metrics, on the same MeterProvider as /metrics,
/// configured by the standard OpenTelemetry variables (read through configuration, so
/// environment, appsettings and command line all work): OTEL_EXPORTER_OTLP_ENDPOINT or
/// OTEL_EXPORTER_OTLP_METRICS_ENDPOINT turns it on; OTEL_EXPORTER_OTLP_PROTOCOL (grpc,
/// http/protobuf), OTEL_EXPORTER_OTLP_HEADERS, OTEL_METRIC_EXPORT_INTERVAL (ms) and
/// OTEL_SERVICE_NAME are honoured.
/// </summary>
internal static class OtlpMetricsExport
{
    public const string DefaultServiceName = "strangler-gateway";

    public static string ServiceName(IConfiguration configuration) =>
        configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName;

    /// <summary>Adds the OTLP exporter when an endpoint is configured (settings are checked at start-up, see <see cref="Target"/>).</summary>
    public static MeterProviderBuilder AddOtlpExport(this MeterProviderBuilder metrics, IConfiguration configuration)
    {
        if (Target(configuration).Target is not { } target)
        {
            return metrics;
        }

        var interval = int.TryParse(configuration["OTEL_METRIC_EXPORT_INTERVAL"], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : 60_000;
        return metrics.AddOtlpExporter((exporter, reader) =>
        {
            exporter.Endpoint = target.Endpoint;
            exporter.Protocol = target.Protocol;
            if (configuration["OTEL_EXPORTER_OTLP_HEADERS"] is { Length: > 0 } headers)
            {
                exporter.Headers = headers;
            }

            reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
        });
    }

    /// <summary>
    /// The endpoint as the specification defines it: the metrics-specific variable is used as is;
    /// the general one is a base URL to which HTTP appends /v1/metrics. Null target and null error: export is off.
    /// </summary>
    internal static ((Uri Endpoint, OtlpExportProtocol Protocol)? Target, string? Error) Target(IConfiguration configuration)
    {
        OtlpExportProtocol protocol;
        switch (configuration["OTEL_EXPORTER_OTLP_PROTOCOL"])
        {
            case null or "" or "grpc":
                protocol = OtlpExportProtocol.Grpc;
                break;
            case "http/protobuf":
                protocol = OtlpExportProtocol.HttpProtobuf;
                break;
            case var other:
                return (null, $"OTEL_EXPORTER_OTLP_PROTOCOL '{other}' is not supported; use grpc or http/protobuf");
        }

        var (variable, value) = configuration["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] is { Length: > 0 } metrics
            ? ("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", metrics)
            : ("OTEL_EXPORTER_OTLP_ENDPOINT", configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (string.IsNullOrEmpty(value))
        {
            return (null, null);
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            return (null, $"{variable} '{value}' is not an absolute http or https URL");
        }

        return variable == "OTEL_EXPORTER_OTLP_ENDPOINT" && protocol == OtlpExportProtocol.HttpProtobuf
            ? ((new Uri(endpoint.ToString().TrimEnd('/') + "/v1/metrics"), protocol), null)
            : ((endpoint, protocol), null);
    }
}
