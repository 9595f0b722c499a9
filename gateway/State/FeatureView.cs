using Strangler.Bucketing;
using Strangler.Gateway.Outcomes;
using Strangler.Gateway.Reporting;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.State;

/// <summary>
/// One feature as a request and the guard see it: what rollout.json says, what is in force, the
/// routing rule that follows, and the outcome windows to record into. Immutable.
/// </summary>
/// <param name="Windows">
/// Null while the feature is not observed: only the stages the guard judges (partial, full) keep
/// windows, so a rollout of many disabled or complete features costs no window memory.
/// </param>
/// <param name="Shadow">The feature's shadow comparisons since its last change; null without shadowing configured.</param>
/// <param name="Step">The step's cumulative outcomes, carried over while the effective stage and percentage stay the same.</param>
internal sealed class FeatureView(FeatureConfig file, FeatureRuntimeState state, FeatureWindows? windows, ShadowStats? shadow = null, StepTally? step = null)
{
    public string Name => File.Name;

    public FeatureConfig File { get; } = file;

    public FeatureRuntimeState State { get; } = state;

    /// <summary>The routing rule in force: the file's cohort and overrides with the effective stage and share.</summary>
    public RolloutRule Rule { get; } = RuntimeTransitions.EffectiveRule(file, state);

    public FeatureWindows? Windows { get; } = windows;

    public ShadowStats? Shadow { get; } = shadow;

    /// <summary>What each backend did since the step in force began, for the rollout report.</summary>
    public StepTally Step { get; } = step ?? new StepTally(state.ChangedAt);

    /// <summary>Whether the guard judges the feature in this state, so its outcomes are kept.</summary>
    public static bool IsObserved(FeatureRuntimeState state) => state.Stage is RolloutStage.Partial or RolloutStage.Full;
}
