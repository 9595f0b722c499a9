using Strangler.Bucketing;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Guard;

/// <summary>The result of one evaluation: the state, why and what to do (the memory it carries forward stays with the caller).</summary>
/// <param name="RevertTo">Set when the feature must be reverted now.</param>
/// <param name="RecordInconclusive">True once per shared-failure episode: record an inconclusive event.</param>
/// <param name="V4">The v4 statistics of the full window, shown with the verdict.</param>
/// <param name="V3">The v3 statistics over the same window.</param>
internal sealed record GuardVerdict(
    GuardState State,
    string Detail,
    Breach? Breach,
    Percentage? RevertTo,
    bool RecordInconclusive,
    WindowStats V4,
    WindowStats V3,
    Thresholds Warning,
    Thresholds Critical);
