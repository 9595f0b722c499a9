using Strangler.Gateway.Events;
using Strangler.Gateway.Outcomes;

namespace Strangler.Gateway.Guard;

/// <summary>Turns a verdict into the evidence recorded with an event.</summary>
internal static class GuardEvidenceFactory
{
    public static GuardEvidence From(GuardVerdict verdict) => new(
        verdict.Breach?.Rule.ToName() ?? verdict.State.ToName(),
        verdict.Breach?.Observed ?? 0,
        verdict.Breach?.Bound ?? 0,
        verdict.Breach?.Threshold ?? 0,
        Summary(verdict.V4),
        Summary(verdict.V3),
        ThresholdSummary.Of(verdict.Warning, verdict.Critical));

    public static WindowSummary Summary(WindowStats stats) => new(
        stats.Requests,
        stats.Errors,
        Math.Round(stats.ErrorRate * 100, 3),
        Math.Round(stats.P50Ms, 1),
        Math.Round(stats.P95Ms, 1),
        Math.Round(stats.P99Ms, 1));
}
