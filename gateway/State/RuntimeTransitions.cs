using Strangler.Bucketing;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.State;

/// <summary>
/// The precedence rules between rollout.json (what ops want) and runtime state (what is in force),
/// as pure functions:
/// <list type="bullet">
/// <item>A new file revision of a feature replaces an advance or a revert (ops decided anew).</item>
/// <item>A force or an emergency rollback holds over file edits until an operator resumes.</item>
/// <item>Pause halts auto-advance only; the guard can still revert a paused feature. It survives file edits.</item>
/// <item>Resume returns to exactly what the file says and clears pause, force and revert.</item>
/// </list>
/// </summary>
internal static class RuntimeTransitions
{
    public static FeatureRuntimeState FromFile(FeatureConfig file, DateTimeOffset now, bool paused = false) => new(
        file.Name, file.Revision, RuntimeMode.File, paused, file.Stage, FilePercentage(file), now,
        "as configured in rollout.json", FeatureRuntimeState.FileActor);

    /// <summary>Combines a file revision with the state in force before it (or persisted across a restart).</summary>
    public static FeatureRuntimeState Reconcile(FeatureConfig file, FeatureRuntimeState? previous, DateTimeOffset now)
    {
        if (previous is null)
        {
            return FromFile(file, now);
        }

        if (previous.FileRevision == file.Revision)
        {
            return previous;
        }

        return previous.Mode is RuntimeMode.Forced or RuntimeMode.RolledBack
            ? previous with { FileRevision = file.Revision }
            : FromFile(file, now, previous.Paused);
    }

    /// <param name="rule">The guard rule that fired, kept with the state while the revert holds.</param>
    /// <summary>
    /// A state read from a state file of version 1 carries the feature's text revision: when it
    /// still matches the file, the feature has not changed since, so the state now carries the
    /// feature's revision and a revert or force holds over the upgrade instead of being cleared.
    /// </summary>
    public static FeatureRuntimeState? UpgradeTextRevision(FeatureConfig file, FeatureRuntimeState? persisted) =>
        persisted is not null && persisted.FileRevision == file.TextRevision
            ? persisted with { FileRevision = file.Revision }
            : persisted;

    public static FeatureRuntimeState Revert(FeatureRuntimeState state, Percentage to, DateTimeOffset now, string reason, string rule) =>
        state with
        {
            Mode = RuntimeMode.Reverted,
            Stage = RolloutStage.Partial,
            Percentage = to,
            ChangedAt = now,
            Reason = reason,
            Actor = FeatureRuntimeState.GuardActor,
            Rule = rule,
        };

    public static FeatureRuntimeState Advance(FeatureRuntimeState state, Percentage to, DateTimeOffset now) =>
        state with
        {
            Mode = RuntimeMode.Advanced,
            Stage = to == Percentage.Hundred ? RolloutStage.Full : RolloutStage.Partial,
            Percentage = to,
            ChangedAt = now,
            Reason = $"auto-advance from {state.Percentage} % to {to} % after a healthy step interval",
            Actor = FeatureRuntimeState.AutoAdvanceActor,
            Rule = null,
        };

    public static FeatureRuntimeState Force(FeatureRuntimeState state, Percentage to, DateTimeOffset now, string actor, string? reason) =>
        state with
        {
            Mode = RuntimeMode.Forced,
            Stage = RolloutStage.Partial,
            Percentage = to,
            ChangedAt = now,
            Reason = string.IsNullOrWhiteSpace(reason) ? $"forced to {to} %" : reason,
            Actor = actor,
            Rule = null,
        };

    /// <summary>
    /// Emergency rollback: effective stage disabled, so nobody is served by v4, always-v4 testers
    /// included, whatever the stage was (a disabled feature stays disabled). The file's settings are
    /// untouched; resume returns to them.
    /// </summary>
    public static FeatureRuntimeState RollBack(FeatureRuntimeState state, DateTimeOffset now, string actor, string reason) =>
        state with
        {
            Mode = RuntimeMode.RolledBack,
            Stage = RolloutStage.Disabled,
            Percentage = Percentage.Zero,
            ChangedAt = now,
            Reason = reason,
            Actor = actor,
            Rule = null,
        };

    public static FeatureRuntimeState Pause(FeatureRuntimeState state, DateTimeOffset now, string actor, string? reason) =>
        state with
        {
            Paused = true,
            ChangedAt = now,
            Reason = string.IsNullOrWhiteSpace(reason) ? "paused: auto-advance halted" : reason,
            Actor = actor,
        };

    public static FeatureRuntimeState Resume(FeatureConfig file, DateTimeOffset now, string actor, string? reason) =>
        FromFile(file, now) with
        {
            Reason = string.IsNullOrWhiteSpace(reason) ? "resumed: back to rollout.json" : reason,
            Actor = actor,
        };

    /// <summary>The share a file entry asks for, given its stage.</summary>
    public static Percentage FilePercentage(FeatureConfig file) => file.Stage switch
    {
        RolloutStage.Full or RolloutStage.Complete => Percentage.Hundred,
        RolloutStage.Partial => file.Percentage,
        _ => Percentage.Zero,
    };

    /// <summary>The routing rule in force: the file's cohort and overrides with the effective stage and share.</summary>
    public static RolloutRule EffectiveRule(FeatureConfig file, FeatureRuntimeState state) =>
        new(state.Stage, state.Percentage, file.Cohort, file.AlwaysV4, file.NeverV4);
}
