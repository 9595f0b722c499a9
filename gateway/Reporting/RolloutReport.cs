using Strangler.Gateway.Admin;
using Strangler.Gateway.Events;

namespace Strangler.Gateway.Reporting;

/// <summary>The rollout report: per feature, its steps with their figures, events, reverts, parity and a recommendation.</summary>
/// <param name="Since">The start of the period covered.</param>
/// <param name="CountingSince">When this gateway process began counting; figures of earlier steps come from the state file.</param>
internal sealed record RolloutReport(DateTimeOffset GeneratedAt, DateTimeOffset Since, DateTimeOffset? CountingSince, IReadOnlyList<FeatureReport> Features);

/// <param name="Steps">Steps in force during the period, oldest first; the last is the step in force now.</param>
/// <param name="Events">The event log's events of the period, oldest first (the log is this process's, bounded).</param>
/// <param name="Reverts">Steps the guard reverted or an operator rolled back during the period, with their causes.</param>
/// <param name="Shadow">Shadow parity figures; null when the feature has no shadow block.</param>
internal sealed record FeatureReport(
    string Feature,
    string Stage,
    decimal Percentage,
    string Mode,
    bool Paused,
    string Guard,
    string? GuardDetail,
    IReadOnlyList<ReportStep> Steps,
    IReadOnlyList<RolloutEvent> Events,
    IReadOnlyList<ReportRevert> Reverts,
    ShadowView? Shadow,
    Recommendation Recommendation);

/// <param name="EndedAt">Null for the step in force (its figures are so far).</param>
/// <param name="CountedSince">Set when the figures cover only part of the step (the gateway started during it).</param>
internal sealed record ReportStep(
    decimal Percentage,
    string Stage,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double Seconds,
    StepEnding? EndedBy,
    BackendFigures? V3,
    BackendFigures? V4,
    DateTimeOffset? CountedSince);

/// <param name="Rule">The guard rule that fired; null for an operator's rollback.</param>
internal sealed record ReportRevert(DateTimeOffset At, decimal From, decimal To, string Kind, string? Rule, string Actor, string Reason, GuardEvidence? Evidence, long? EventId);
