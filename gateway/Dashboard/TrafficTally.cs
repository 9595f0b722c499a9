using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Dashboard;

/// <summary>
/// What the dashboard charts beside the guard's windows: failovers per feature (a counter the
/// sampler drains each interval, created at a feature's first failover) and the outcomes of
/// requests no feature claims (one window, sized to the sampling interval), so the page can show
/// unrouted v3 traffic. Recording is lock-free.
/// </summary>
internal sealed class TrafficTally(IOptions<GatewayOptions> options)
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _failovers = new(StringComparer.Ordinal);

    /// <summary>Attempts of requests whose path no feature claims (all go to v3).</summary>
    public OutcomeWindow Unrouted { get; } = new(Math.Max(2, (int)Math.Ceiling(options.Value.DashboardSampleInterval.TotalSeconds) + 1));

    public void RecordFailover(string feature) =>
        Interlocked.Increment(ref _failovers.GetOrAdd(feature, static _ => new StrongBox<long>()).Value);

    /// <summary>Failovers of the feature since the previous call (the sampler is the only caller).</summary>
    public long TakeFailovers(string feature) =>
        _failovers.TryGetValue(feature, out var count) ? Interlocked.Exchange(ref count.Value, 0) : 0;

    /// <summary>Drops the counters of features no longer in force.</summary>
    public void Retain(IReadOnlySet<string> features)
    {
        foreach (var name in _failovers.Keys)
        {
            if (!features.Contains(name))
            {
                _failovers.TryRemove(name, out _);
            }
        }
    }
}
