using System.Collections.Immutable;
using Strangler.Bucketing;

namespace Strangler.Gateway.Rollout.Model;

/// <summary>Guard settings for one feature, defaults and per-feature overrides merged.</summary>
/// <param name="Window">Sliding window of outcomes the guard judges (1-second slots).</param>
/// <param name="MinRequests">Below this many v4 requests in the window there is no verdict.</param>
/// <param name="ConsecutiveBreaches">Failing evaluations in a row before acting.</param>
/// <param name="Confidence">Confidence level of the bound used for the error-rate test, e.g. 0.95.</param>
/// <param name="Critical">Breaching these reverts to 0 %.</param>
/// <param name="Steps">Warning thresholds by step (ascending UpTo, last UpTo = 100); breaching reverts to the previous step.</param>
internal sealed record GuardPolicy(
    bool Enabled,
    TimeSpan Window,
    int MinRequests,
    int ConsecutiveBreaches,
    double Confidence,
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
}

/// <param name="MaxErrorPercent">Highest acceptable share of failed requests, in percent (5 = 5 %).</param>
/// <param name="MaxP95Ms">Highest acceptable 95th-percentile latency in milliseconds.</param>
internal sealed record Thresholds(double MaxErrorPercent, double MaxP95Ms);

internal sealed record StepThresholds(Percentage UpTo, Thresholds Thresholds);

internal enum SharedFailurePolicy
{
    /// <summary>v3 fails as badly as v4: record "inconclusive" and do not revert.</summary>
    Hold,

    /// <summary>Revert anyway.</summary>
    Revert,
}
