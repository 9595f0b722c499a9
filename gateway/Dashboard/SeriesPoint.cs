using Strangler.Gateway.Events;

namespace Strangler.Gateway.Dashboard;

/// <summary>One sample of a feature for the dashboard's charts.</summary>
/// <param name="At">End of the sampled interval.</param>
/// <param name="Failovers">Requests retried on v3 after v4 failed, in the interval.</param>
/// <param name="Thresholds">The guard's warning thresholds for the step in force then and its critical ones; null when the guard is off (and for unrouted traffic).</param>
internal sealed record SeriesPoint(DateTimeOffset At, BackendPoint V3, BackendPoint V4, decimal EffectivePercent, long Failovers, ThresholdSummary? Thresholds);

/// <param name="Requests">Attempts in the interval (client aborts excluded).</param>
/// <param name="RequestsPerSecond">Attempts per second over the interval.</param>
/// <param name="Errors">Failed attempts (5xx and proxy errors) in the interval.</param>
/// <param name="ErrorPercent">Failed attempts in percent; null without traffic.</param>
/// <param name="P95Ms">95th-percentile latency; null without traffic.</param>
/// <param name="ProxyErrors">Attempts that got no response, by kind; null when there were none.</param>
internal sealed record BackendPoint(long Requests, double RequestsPerSecond, long Errors, double? ErrorPercent, double? P95Ms, ProxyErrorCounts? ProxyErrors)
{
    public static BackendPoint None { get; } = new(0, 0, 0, null, null, null);
}

/// <summary>Proxy errors by kind, as the <c>strangler_gateway_proxy_errors_total</c> kinds.</summary>
internal sealed record ProxyErrorCounts(long ConnectFailure, long Timeout, long Reset, long NoDestination);
