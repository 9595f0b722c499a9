using System.Collections.Immutable;
using Strangler.Bucketing;

namespace Strangler.Gateway.Rollout.Model;

/// <summary>Guard settings for one feature, defaults and per-feature overrides merged.</summary>
/// <param name="Window">Outcomes shown with each verdict (1-second slots); late outcomes of a second are still evidence while it is in the window.</param>
/// <param name="MinRequests">Below this many v4 requests since the evidence start there is no "healthy" verdict.</param>
/// <param name="Alpha">The false-revert probability per step, however long it is watched, e.g. 0.01.</param>
/// <param name="MaxErrorIncreasePercentagePoints">The relative rule's margin δ: v4's error rate may exceed v3's by this many percentage points; null turns the rule off. A step may override it.</param>
/// <param name="Critical">Breaching these reverts to 0 %.</param>
/// <param name="Steps">Warning thresholds by step (ascending UpTo, last UpTo = 100); breaching reverts to the previous step.</param>
internal sealed record GuardPolicy(
    bool Enabled,
    TimeSpan Window,
    int MinRequests,
    double Alpha,
    double? MaxErrorIncreasePercentagePoints,
    SharedFailurePolicy OnSharedFailure,
    Thresholds Critical,
    ImmutableArray<StepThresholds> Steps)
{
    /// <summary>The warning thresholds for a percentage: the first step whose UpTo is at or above it.</summary>
    public Thresholds ForPercentage(Percentage percentage)
    {
        foreach (var step in Steps)
        {
            if (percentage <= step.UpTo)
            {
                return step.Thresholds;
            }
        }

        return Steps[^1].Thresholds;
    }

    /// <summary>The relative rule's margin for a percentage: the step's own, else the guard's; null when off.</summary>
    public double? MarginFor(Percentage percentage)
    {
        foreach (var step in Steps)
        {
            if (percentage <= step.UpTo)
            {
                return step.Margin is { } own ? own.PercentagePoints : MaxErrorIncreasePercentagePoints;
            }
        }

        return Steps[^1].Margin is { } last ? last.PercentagePoints : MaxErrorIncreasePercentagePoints;
    }
}

/// <param name="MaxErrorPercent">Highest acceptable share of failed requests, in percent (5 = 5 %).</param>
/// <param name="MaxP95Ms">Highest acceptable 95th-percentile latency in milliseconds.</param>
internal sealed record Thresholds(double MaxErrorPercent, double MaxP95Ms);

/// <param name="Margin">The step's own relative margin; null inherits the guard's.</param>
internal sealed record StepThresholds(Percentage UpTo, Thresholds Thresholds, StepMargin? Margin = null);

/// <summary>A step's relative margin in percentage points; null turns the relative rule off for the step.</summary>
internal sealed record StepMargin(double? PercentagePoints);

internal enum SharedFailurePolicy
{
    /// <summary>v3 fails as badly as v4: record "inconclusive" and do not revert.</summary>
    Hold,

    /// <summary>Revert anyway.</summary>
    Revert,
}
