using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// Serilog to the console as JSON, one object per line (the compact format: @t, @l, @mt, @m and
/// every property). Levels come from the "Serilog" section (appsettings, environment
/// Serilog__MinimumLevel__Override__..., command line). Logging scopes become properties, so each
/// request's events carry its request id and routing decision.
/// </summary>
internal static class GatewayLogging
{
    public static Serilog.ILogger Create(IConfiguration configuration) => new LoggerConfiguration()
        .MinimumLevel.Information()
        .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
        .MinimumLevel.Override("Yarp", LogEventLevel.Warning)
        .ReadFrom.Configuration(configuration, new Serilog.Settings.Configuration.ConfigurationReaderOptions { SectionName = "Serilog" })
        .Enrich.FromLogContext()
        .Enrich.WithProperty("Application", "strangler-gateway")
        .WriteTo.Console(new RenderedCompactJsonFormatter())
        .CreateLogger();

    /// <summary>Replaces the default providers with the shared Serilog logger.</summary>
    public static void Use(WebApplicationBuilder builder, Serilog.ILogger logger)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: false);
    }
}
