using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Events;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Dashboard;

/// <summary>
/// Samples every observed feature's outcome windows, its failovers and the guard's thresholds for
/// its step, and the unrouted traffic ("(none)"), on the gateway's clock for the dashboard's time
/// series. Series of features no longer in force are dropped.
/// </summary>
internal sealed class DashboardSampler(RolloutRuntime runtime, SeriesStore store, TrafficTally tally, TimeProvider time, IOptions<GatewayOptions> options)
    : GatewayLoop
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.DashboardSampleInterval;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Sample((int)Math.Max(1, interval.TotalSeconds));
        }
    }

    public void Sample(int seconds)
    {
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        var view = runtime.View;
        foreach (var feature in view.Features)
        {
            if (feature.Windows is not { } windows)
            {
                continue;
            }

            // The whole seconds just completed, so a sample is never a partial second.
            var guard = feature.File.Guard;
            store.Add(feature.Name, new SeriesPoint(
                now,
                Point(windows.V3.Snapshot(second - 1, seconds), seconds),
                Point(windows.V4.Snapshot(second - 1, seconds), seconds),
                feature.State.Percentage.Value,
                tally.TakeFailovers(feature.Name),
                guard.Enabled ? ThresholdSummary.Of(guard.ForPercentage(feature.State.Percentage), guard.Critical) : null));
        }

        store.Add(GatewayMetrics.NoFeature, new SeriesPoint(
            now, Point(tally.Unrouted.Snapshot(second - 1, seconds), seconds), BackendPoint.None, 0, 0, null));

        var names = view.Features.Select(f => f.Name).Append(GatewayMetrics.NoFeature).ToHashSet(StringComparer.Ordinal);
        store.Retain(names);
        tally.Retain(names);
    }

    private static BackendPoint Point(WindowStats stats, int seconds) => stats.Requests == 0
        ? BackendPoint.None
        : new BackendPoint(
            stats.Requests,
            Math.Round((double)stats.Requests / seconds, 2),
            stats.Errors,
            Math.Round(stats.ErrorRate * 100, 2),
            Math.Round(stats.P95Ms, stats.P95Ms < 10 ? 3 : 1),
            ProxyErrors(stats));

    private static ProxyErrorCounts? ProxyErrors(WindowStats stats)
    {
        var (connect, timeout, reset, none) = (stats.Count(OutcomeKind.ConnectFailure), stats.Count(OutcomeKind.Timeout), stats.Count(OutcomeKind.Reset), stats.Count(OutcomeKind.NoDestination));
        return connect + timeout + reset + none == 0 ? null : new ProxyErrorCounts(connect, timeout, reset, none);
    }
}
