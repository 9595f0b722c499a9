using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.TestSupport.Waiting;

namespace Strangler.Gateway.Tests.Metrics;

/// <summary>OTLP export of the gateway's meter, configured by the standard OTEL_* variables.</summary>
public sealed class OtlpMetricsExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("http://collector:4317", null, null, "http://collector:4317/ Grpc")]
    [InlineData("http://collector:4318", "http/protobuf", null, "http://collector:4318/v1/metrics HttpProtobuf")]
    [InlineData("http://collector:4318/", "http/protobuf", "https://metrics.example/otlp", "https://metrics.example/otlp HttpProtobuf")]
    [InlineData(null, "grpc", "http://collector:4317", "http://collector:4317/ Grpc")]
    public void The_endpoint_follows_the_specification(string? endpoint, string? protocol, string? metricsEndpoint, string? expected)
    {
        var (target, error) = OtlpMetricsExport.Target(Configuration(endpoint, protocol, metricsEndpoint));

        Assert.Null(error);
        Assert.Equal(expected, target is { } t ? $"{t.Endpoint} {t.Protocol}" : null);
    }

    [Theory]
    [InlineData("collector:4317", null, "OTEL_EXPORTER_OTLP_ENDPOINT 'collector:4317' is not an absolute http or https URL")]
    [InlineData("http://collector:4317", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL 'http/json' is not supported; use grpc or http/protobuf")]
    public void A_bad_setting_stops_the_gateway_at_start_up_with_a_message(string endpoint, string? protocol, string expected)
    {
        Assert.Equal(expected, OtlpMetricsExport.Target(Configuration(endpoint, protocol, null)).Error);

        var e = Assert.Throws<GatewayStartupException>(() => GatewayHost.Build(
            ["--OTEL_EXPORTER_OTLP_ENDPOINT=" + endpoint, .. protocol is null ? Array.Empty<string>() : ["--OTEL_EXPORTER_OTLP_PROTOCOL=" + protocol]]));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public async Task Requests_are_exported_to_an_otlp_http_collector()
    {
        await using var collector = await Collector.StartAsync();
        await using var v3 = await EchoBackend.StartAsync("v3");
        await using var v4 = await EchoBackend.StartAsync("v4");
        await using var gateway = await RunningGateway.StartAsync(
            new RolloutFile { V3 = v3.BaseAddress, V4 = v4.BaseAddress, Features = [RolloutFile.Restaurants("partial", 50)] }.ToJson(),
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseAddress.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
                ["OTEL_SERVICE_NAME"] = "gateway-under-test",
            });

        for (var i = 0; i < 10; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/restaurants/1");
            request.Headers.Add("X-User-Id", $"otlp-{i}");
            (await gateway.Public.SendAsync(request, Ct)).EnsureSuccessStatusCode();
        }

        // Protobuf keeps strings as UTF-8, so instrument names, tags and the service name can be found in the bytes.
        var export = await Eventually.ReturnsAsync(
            () => Task.FromResult(collector.Exports.FirstOrDefault(e => e.Body.Contains("strangler.gateway.requests", StringComparison.Ordinal)) is { } found ? (true, found) : (false, (Export?)null)),
            "an export that carries the request counter",
            TimeSpan.FromSeconds(20));
        Assert.NotNull(export);
        Assert.Equal("/v1/metrics", export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
        Assert.Contains("api_v4_restaurants", export.Body, StringComparison.Ordinal);
        Assert.Contains("strangler.gateway.request.duration", export.Body, StringComparison.Ordinal);
        Assert.Contains("gateway-under-test", export.Body, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? endpoint, string? protocol, string? metricsEndpoint) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = metricsEndpoint,
        }).Build();

    private sealed record Export(string Path, string? ContentType, string Body);

    /// <summary>An OTLP/HTTP receiver that keeps what it is sent and answers with an empty (valid) response.</summary>
    private sealed class Collector(WebApplication app) : IAsyncDisposable
    {
        public ConcurrentQueue<Export> Exports { get; } = new();

        public Uri BaseAddress => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            var collector = new Collector(app);
            app.MapPost("/v1/metrics", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                collector.Exports.Enqueue(new Export(request.Path, request.ContentType, Encoding.UTF8.GetString(body.ToArray())));
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            return collector;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
