using Strangler.Gateway.Guard.Statistics;

namespace Strangler.Gateway.Guard;

/// <summary>A rule whose sequential test crossed its threshold.</summary>
/// <param name="Test">Which test crossed: the one on all evidence since the start, or the change detector.</param>
/// <param name="Observed">Error percent (the relative rule: v4 minus v3 in percentage points) or p95 in milliseconds, as measured.</param>
/// <param name="Bound">The confidence bound compared with the threshold, in the same unit.</param>
internal sealed record Breach(GuardRule Rule, bool Critical, Crossing Test, double Observed, double Bound, double Threshold);
