namespace Strangler.Gateway.Dashboard;

/// <summary>One sample of a feature for the dashboard's charts.</summary>
/// <param name="At">End of the sampled interval.</param>
internal sealed record SeriesPoint(DateTimeOffset At, BackendPoint V3, BackendPoint V4, decimal EffectivePercent);

/// <param name="RequestsPerSecond">Attempts per second over the interval.</param>
/// <param name="ErrorPercent">Failed attempts (5xx and proxy errors) in percent; null without traffic.</param>
/// <param name="P95Ms">95th-percentile latency; null without traffic.</param>
internal sealed record BackendPoint(double RequestsPerSecond, double? ErrorPercent, double? P95Ms);
