using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// Serilog to the console as JSON, one object per line (the compact format: @t, @l, @mt, @m and
/// every property). Levels come from the "Serilog" section (appsettings, environment
/// Serilog__MinimumLevel__Override__..., command line). Each public request's events carry its
/// request id and routing decision (<see cref="Logging.RequestEnricher"/>).
/// </summary>
internal static class GatewayLogging
{
    public static Serilog.ILogger Create(IConfiguration configuration) => new LoggerConfiguration()
        .MinimumLevel.Information()
        .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
        // ASP.NET Core's hosting layer starts an Activity and a log scope for every request whenever
        // its own logger is enabled at any level, only to stamp trace and span ids on log events;
        // the HttpClient under YARP then starts a second activity and writes a new traceparent on
        // every forwarded request. Nothing in the gateway records them, and they cost about 2.5 KB
        // and several microseconds per request (docs/benchmarks.md). With this logger off, a
        // client's traceparent is forwarded unchanged, the request id and routing decision are
        // still on every event of a request, and a tracing listener (OpenTelemetry) still gets
        // activities.
        .MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", LevelAlias.Off)
        .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
        .ReadFrom.Configuration(configuration, new Serilog.Settings.Configuration.ConfigurationReaderOptions { SectionName = "Serilog" })
        .Enrich.FromLogContext()
        .Enrich.With<Logging.RequestEnricher>()
        .Enrich.WithProperty("Application", "strangler-gateway")
        .WriteTo.Console(new RenderedCompactJsonFormatter())
        .CreateLogger();

    /// <summary>Makes the shared Serilog logger the application's logger (and its request-logging context).</summary>
    public static void Use(WebApplicationBuilder builder, Serilog.ILogger logger) =>
        builder.Services.AddSerilog(logger, dispose: false);
}
