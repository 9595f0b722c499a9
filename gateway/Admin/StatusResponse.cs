using System.Text.Json.Serialization;
using Strangler.Bucketing;
using Strangler.Gateway.Events;
using Strangler.Gateway.Guard;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Admin;

/// <summary>
/// GET /admin/status: desired (rollout.json) and effective (in force) rollout per feature, and the
/// configuration's health. <c>Observe</c> is false when Gateway:Observe turned outcome recording,
/// per-request metrics and the guard off (features then carry no guard verdict). <c>FeatureCount</c>
/// is the number of features in force, however many <c>Features</c> the request selected. <c>Fleet</c>
/// is null for a single replica; <c>Webhooks</c> is absent unless webhooks are configured.
/// <c>ConfigHistory</c> lists the latest rollout.json applies and rejections, oldest first
/// (bounded, since start).
/// </summary>
internal sealed record StatusResponse(
    string? Revision,
    string? RolloutFile,
    DateTimeOffset? AppliedAt,
    long ReloadsApplied,
    long ReloadsRejected,
    ConfigErrorView? ConfigError,
    StateView State,
    BackendsView? Backends,
    bool Observe,
    int FeatureCount,
    IReadOnlyList<FeatureStatusView> Features,
    FleetStatusView? Fleet = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Webhooks.WebhookStatusView>? Webhooks = null,
    IReadOnlyList<Rollout.ConfigChange>? ConfigHistory = null);

internal sealed record StateView(string Location, string? LoadError, string? SaveError);

internal sealed record BackendsView(IReadOnlyList<string> V3, IReadOnlyList<string> V4);

internal sealed record FeatureStatusView(
    string Name,
    string? Description,
    IReadOnlyList<RouteView> Routes,
    string Cohort,
    int AlwaysV4Count,
    int NeverV4Count,
    string Revision,
    DesiredView Desired,
    EffectiveView Effective,
    GuardView? Guard,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ShadowView? Shadow);

internal sealed record RouteView(string Path, string V4Path);

/// <summary>What rollout.json asks for; the percentage is the share its stage means (100 for full and complete, 0 for disabled and testing).</summary>
internal sealed record DesiredView(string Stage, decimal Percentage, bool AutoAdvance, decimal MaxPercentage, IReadOnlyList<decimal> Steps);

/// <summary>What is in force, and why.</summary>
internal sealed record EffectiveView(
    string Feature,
    string Stage,
    decimal Percentage,
    string Mode,
    bool Paused,
    string Reason,
    string Actor,
    DateTimeOffset ChangedAt)
{
    public static EffectiveView From(FeatureRuntimeState s) => new(
        s.Feature, s.Stage.ToName(), s.Percentage.Value, s.Mode.ToName(),
        s.Paused, s.Reason, s.Actor, s.ChangedAt);
}

/// <summary>
/// The guard's state for the feature (<see cref="GuardReport"/>: "reverted" while a guard revert
/// holds), its latest verdict, and the v4 and v3 window statistics that verdict judged.
/// </summary>
/// <param name="Verdict">The latest evaluation's own state, which differs from State while reverted.</param>
internal sealed record GuardView(
    string State,
    string Detail,
    string? Rule,
    string Verdict,
    DateTimeOffset EvaluatedAt,
    WindowSummary V4,
    WindowSummary V3,
    ThresholdSummary Thresholds)
{
    public static GuardView From(GuardVerdict verdict, DateTimeOffset at, FeatureRuntimeState? state)
    {
        var report = GuardReport.From(verdict, state);
        return new(
            report.State.ToName(),
            report.Detail,
            report.Rule,
            verdict.State.ToName(),
            at,
            GuardEvidenceFactory.Summary(verdict.V4),
            GuardEvidenceFactory.Summary(verdict.V3),
            ThresholdSummary.Of(verdict.Warning, verdict.Critical));
    }
}

/// <summary>The newest revision on disk was rejected; the previous one keeps serving.</summary>
internal sealed record ConfigErrorView(string? Revision, DateTimeOffset At, IReadOnlyList<ConfigProblemView> Errors);

internal sealed record ConfigProblemView(string File, int Line, int Column, string Path, string Message);
