using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Events;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.State;
using Strangler.Telemetry;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// The management application: its own listener (loopback by default) and pipeline, sharing the
/// public application's configuration and rollout services.
/// </summary>
internal static class ManagementApp
{
    public static WebApplication Build(WebApplication publicApp, GatewayOptions options, Serilog.ILogger logger)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = publicApp.Environment.EnvironmentName,
            ContentRootPath = publicApp.Environment.ContentRootPath,
            ApplicationName = publicApp.Environment.ApplicationName,
        });
        // A copy, not a chained source: settings written here (such as the listen URLs) must not
        // leak back into the public application's configuration.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(publicApp.Configuration.AsEnumerable());
        builder.WebHost.UseUrls([.. ManagementBinding.Urls(options.Management)]);
        GatewayLogging.Use(builder, logger);
        builder.Services.AddSingleton<IHostLifetime, FollowerLifetime>();

        var shared = publicApp.Services;
        builder.Services.AddSingleton(shared.GetRequiredService<AdminToken>());
        builder.Services.AddSingleton(shared.GetRequiredService<RolloutRuntime>());
        builder.Services.AddSingleton(shared.GetRequiredService<RolloutOperations>());
        builder.Services.AddSingleton(shared.GetRequiredService<EventLog>());
        builder.Services.AddSingleton(shared.GetRequiredService<GuardBoard>());
        builder.Services.AddSingleton(shared.GetRequiredService<SeriesStore>());
        builder.Services.AddSingleton(shared.GetRequiredService<TimeProvider>());
        builder.Services.AddSingleton(shared.GetRequiredService<IOptions<GatewayOptions>>());
        builder.Services.AddSingleton(shared.GetRequiredService<DrainState>());
        if (shared.GetService<Webhooks.WebhookDispatcher>() is { } webhooks)
        {
            builder.Services.AddSingleton(webhooks);
        }

        if (shared.GetService<Fleet.FleetHealth>() is { } fleet)
        {
            builder.Services.AddSingleton(fleet);
            builder.Services.AddSingleton(shared.GetRequiredService<Fleet.FleetLeadership>());
        }

        var app = builder.Build();
        app.MapGet("/healthz", () => TypedResults.Text("ok"));
        app.MapGet("/readyz", Ready);
        // The public application's pipeline: the instruments live there.
        app.MapPrometheusText(meterProvider: shared.GetRequiredService<MeterProvider>(), guard: AdminTokenFilter.Middleware(shared.GetRequiredService<AdminToken>()));
        var admin = app.MapGroup("/admin").AddEndpointFilter<AdminTokenFilter>();
        admin.MapStatusApi();
        admin.MapEventsApi();
        admin.MapShadowApi();
        admin.MapReportApi();
        admin.MapOperationsApi();
        admin.MapSeriesApi();
        app.MapDashboard();
        return app;
    }

    private static IResult Ready(RolloutRuntime runtime, DrainState drain) =>
        drain.IsDraining
            ? TypedResults.Text("not ready: stopping, the public listener is draining", statusCode: StatusCodes.Status503ServiceUnavailable)
            : runtime.View.Snapshot is { } snapshot
                ? TypedResults.Text($"ready: revision {snapshot.ShortRevision}")
                : TypedResults.Text("not ready: no valid rollout applied", statusCode: StatusCodes.Status503ServiceUnavailable);
}
