namespace Strangler.Gateway.Guard;

/// <summary>A threshold broken with confidence.</summary>
/// <param name="Window">The last few seconds, or the configured window.</param>
/// <param name="Observed">Error percent or p95 in milliseconds, as measured.</param>
/// <param name="Bound">The confidence bound compared with the threshold.</param>
internal sealed record Breach(GuardRule Rule, bool Critical, GuardWindow Window, double Observed, double Bound, double Threshold);
