using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Dashboard;

/// <summary>Samples every observed feature's outcome windows on the gateway's clock for the dashboard's time series.</summary>
internal sealed class DashboardSampler(RolloutRuntime runtime, SeriesStore store, TimeProvider time, IOptions<GatewayOptions> options)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
        foreach (var feature in runtime.View.Features)
        {
            if (feature.Windows is not { } windows)
            {
                continue;
            }

            // The whole seconds just completed, so a sample is never a partial second.
            store.Add(feature.Name, new SeriesPoint(
                now,
                Point(windows.V3.Snapshot(second - 1, seconds), seconds),
                Point(windows.V4.Snapshot(second - 1, seconds), seconds),
                feature.State.Percentage.Value));
        }
    }

    private static BackendPoint Point(WindowStats stats, int seconds) => stats.Requests == 0
        ? new BackendPoint(0, null, null)
        : new BackendPoint(Math.Round((double)stats.Requests / seconds, 2), Math.Round(stats.ErrorRate * 100, 2), Math.Round(stats.P95Ms, 1));
}
