using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.State;
using OpenTelemetry.Metrics;

namespace Strangler.Gateway.Hosting;

/// <summary>Builds the gateway from arguments and configuration (appsettings, environment, command line).</summary>
public static class GatewayHost
{
    /// <exception cref="GatewayStartupException">rollout.json is missing or invalid, or the management port would be exposed without a token.</exception>
    public static GatewayApp Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        if (GatewayOptionsValidator.Validate(options) is { Count: > 0 } settingErrors)
        {
            throw new GatewayStartupException(settingErrors);
        }

        if (Metrics.OtlpMetricsExport.Target(builder.Configuration).Error is { } otlpError)
        {
            throw new GatewayStartupException(otlpError);
        }

        var rolloutPath = Path.GetFullPath(options.RolloutFile);
        var initial = RolloutFileLoader.Load(rolloutPath);
        if (initial.Snapshot is null)
        {
            throw new GatewayStartupException(rolloutPath, initial.Errors);
        }

        var logger = GatewayLogging.Create(builder.Configuration);
        GatewayLogging.Use(builder, logger);
        builder.Services.AddSingleton(new Logging.AccessLog(logger));
        PublicListener.ApplyParsingSwitches();
        builder.WebHost.UseUrls([.. ManagementBinding.SplitUrls(options.PublicUrls)]);
        builder.WebHost.ConfigureKestrel(kestrel => PublicListener.Configure(kestrel, options));
        builder.AddGateway(initial.Snapshot.Features.Length);

        var publicApp = builder.Build();
        var time = publicApp.Services.GetRequiredService<TimeProvider>();
        // The pipeline listens before the instruments exist and any traffic arrives, so the series
        // that start at 0 and the first requests are measured too.
        publicApp.Services.GetRequiredService<MeterProvider>();
        publicApp.Services.GetRequiredService<Metrics.GatewayMetrics>();
        // Listening before the first transition too (start-up may reconcile a local revert with the fleet).
        publicApp.Services.GetService<Webhooks.WebhookDispatcher>();
        // Persisted runtime state first, so the first revision is reconciled with it (a revert survives a restart).
        // In a fleet, the shared state wins over the state file when the store answers.
        publicApp.Services.GetService<Fleet.FleetStore>()?.ConnectAsync().GetAwaiter().GetResult();
        var runtime = publicApp.Services.GetRequiredService<RolloutRuntime>();
        runtime.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        runtime.Apply(initial.Snapshot, time.GetUtcNow());
        // Seeds what the store lacks and writes this replica's file decisions before it reports ready.
        runtime.PushPendingAsync().GetAwaiter().GetResult();
        publicApp.Services.GetRequiredService<RolloutReloader>().MarkApplied(initial.Snapshot.ContentHash);
        publicApp.MapPublicPipeline();

        return new GatewayApp(publicApp, ManagementApp.Build(publicApp, options, logger), logger as IDisposable);
    }
}
