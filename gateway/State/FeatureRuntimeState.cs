using Strangler.Bucketing;

namespace Strangler.Gateway.State;

/// <summary>
/// What is in force for one feature and why. Immutable; every change produces a new value.
/// </summary>
/// <param name="FileRevision">The feature's revision in rollout.json this state was derived from.</param>
/// <param name="Paused">Automation (auto-advance) is halted by an operator; the guard stays armed.</param>
/// <param name="Stage">Effective stage.</param>
/// <param name="Percentage">Effective percentage.</param>
/// <param name="Reason">Human-readable cause of the last change.</param>
/// <param name="Actor">Who made the last change: "file", "guard", "auto-advance" or an operator name.</param>
/// <param name="Rule">The guard rule that reverted the feature (e.g. warning-p95) while the revert holds; otherwise null.</param>
internal sealed record FeatureRuntimeState(
    string Feature,
    string FileRevision,
    RuntimeMode Mode,
    bool Paused,
    RolloutStage Stage,
    Percentage Percentage,
    DateTimeOffset ChangedAt,
    string Reason,
    string Actor,
    string? Rule = null)
{
    public const string FileActor = "file";
    public const string GuardActor = "guard";
    public const string AutoAdvanceActor = "auto-advance";
}
