using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Dashboard;
using Strangler.Gateway.Events;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Forwarding;
using Strangler.Gateway.Guard;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Identity;
using Strangler.Gateway.Metrics;
using Strangler.Telemetry;
using Strangler.Gateway.Rollout;
using Strangler.Gateway.Routing;
using Strangler.Gateway.Routing.Transforms;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.State;
using Strangler.Gateway.Webhooks;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway.Hosting;

internal static class GatewayServices
{
    /// <summary>Registers the rollout, routing and proxy services of the public application.</summary>
    /// <param name="features">Features of the rollout at start-up: the metrics' series limits are sized by it.</param>
    public static void AddGateway(this WebApplicationBuilder builder, int features)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RolloutReloader>();
        services.AddHostedService<RolloutWatcher>();

        services.AddSingleton(sp => new JwtSubjectReader(
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Identity.JwtSigningKey,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<UserIdResolver>();
        services.AddSingleton(sp => new EventLog(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.EventHistory));
        services.AddSingleton<IStateFile>(sp => new StateFile(
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value.ResolveStateFile()));
        var fleet = builder.Configuration.GetSection($"{GatewayOptions.Section}:{nameof(GatewayOptions.Fleet)}").Get<FleetOptions>() ?? new FleetOptions();
        if (fleet.Enabled)
        {
            var replicaId = fleet.ResolveReplicaId();
            services.AddSingleton(sp => new FleetStore(fleet, replicaId, sp.GetRequiredService<IOptions<GatewayOptions>>().Value.EventHistory));
            services.AddSingleton(sp => new FleetHealth(replicaId, sp.GetRequiredService<FleetStore>().Location));
            services.AddSingleton<FleetSync>();
            services.AddHostedService(sp => sp.GetRequiredService<FleetSync>());
            services.AddSingleton<FleetLeadership>();
            services.AddSingleton<FleetOutcomes>();
        }

        // Without a fleet the runtime gets no store: a single replica with its state file.
        services.AddSingleton<RolloutRuntime>();
        services.AddSingleton<RolloutOperations>();
        services.AddSingleton<DrainState>();
        services.AddHostedService<ShutdownDrain>();
        // The host's shutdown timeout is for requests in flight; the drain comes before it.
        services.AddOptions<HostOptions>().PostConfigure<IOptions<GatewayOptions>>((host, gateway) => host.ShutdownTimeout += gateway.Value.DrainPeriod);
        services.AddSingleton<AdmissionStep>();
        services.AddSingleton<DecisionStep>();
        services.AddSingleton<ShadowClient>();
        services.AddSingleton<ShadowComparison>();
        services.AddSingleton<ShadowStep>();
        services.AddSingleton<FailoverStep>();
        services.AddSingleton<OutcomeStep>();
        // Real time, like the attempts' latencies, whatever clock the gateway schedules by.
        services.TryAddSingleton(_ => new StallClock(TimeProvider.System));
        services.AddSingleton<PassiveHealthStep>();
        services.AddSingleton<GuardBoard>();
        services.AddSingleton<GuardService>();
        // Without observation nothing is recorded, so there is nothing to judge or chart.
        var observe = builder.Configuration.GetValue($"{GatewayOptions.Section}:{nameof(GatewayOptions.Observe)}", true);
        if (observe)
        {
            if (fleet.Enabled)
            {
                // One replica leads the guard; every replica's guard adds its outcomes to the fleet's windows.
                services.AddHostedService(sp => sp.GetRequiredService<FleetLeadership>());
            }

            services.AddHostedService(sp => sp.GetRequiredService<StallClock>());
            services.AddHostedService(sp => sp.GetRequiredService<GuardService>());
        }

        // The gauges read the view at collection time; the runtime starts new features' series through the metrics.
        services.AddSingleton(sp => new GatewayMetrics(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            () => sp.GetRequiredService<RolloutRuntime>().View,
            sp.GetRequiredService<GuardBoard>(),
            sp.GetRequiredService<EventLog>(),
            sp.GetRequiredService<IOptions<GatewayOptions>>()));
        services.AddMetricsPipeline(
            OtlpMetricsExport.ServiceName(builder.Configuration),
            [GatewayMetrics.MeterName],
            metrics => metrics.AddOtlpExport(builder.Configuration),
            GatewayMetrics.SeriesLimits(features));
        services.AddWebhooks(builder.Configuration);
        services.AddSingleton<SeriesStore>();
        services.AddSingleton<TrafficTally>();
        services.AddSingleton<DashboardSampler>();
        if (observe)
        {
            services.AddHostedService(sp => sp.GetRequiredService<DashboardSampler>());
        }
        services.AddSingleton(sp => new AdminToken(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Management.Token));

        services.AddSingleton<IProxyConfigProvider, GatewayProxyConfigProvider>();
        services.AddReverseProxy().AddTransforms<GatewayTransforms>();
        services.AddSingleton<IForwarderHttpClientFactory, SingleAttemptHttpClientFactory>();
    }
}
