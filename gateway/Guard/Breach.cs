namespace Strangler.Gateway.Guard;

/// <summary>A threshold broken with confidence.</summary>
/// <param name="Rule">critical-error-rate, critical-p95, warning-error-rate or warning-p95.</param>
/// <param name="Window">"fast" (the last few seconds) or "full" (the configured window).</param>
/// <param name="Observed">Error percent or p95 in milliseconds, as measured.</param>
/// <param name="Bound">The confidence bound compared with the threshold.</param>
internal sealed record Breach(string Rule, bool Critical, string Window, double Observed, double Bound, double Threshold);
