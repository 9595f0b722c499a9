using Strangler.Bucketing;
using Strangler.Gateway.Events;

namespace Strangler.Gateway.State;

/// <summary>Operator actions on the runtime state, each recorded as an event with its actor.</summary>
internal sealed class RolloutOperations(RolloutRuntime runtime)
{
    public Task<OperationResult> ForceAsync(string feature, Percentage to, string actor, string? reason) =>
        runtime.ChangeAsync(
            feature,
            (_, state, now) => RuntimeTransitions.Force(state, to, now, actor, reason),
            (before, after, now) => Describe(EventKinds.Force, before, after, now));

    public Task<OperationResult> PauseAsync(string feature, string actor, string? reason) =>
        runtime.ChangeAsync(
            feature,
            (_, state, now) => RuntimeTransitions.Pause(state, now, actor, reason),
            (before, after, now) => Describe(EventKinds.Pause, before, after, now));

    public Task<OperationResult> ResumeAsync(string feature, string actor, string? reason) =>
        runtime.ChangeAsync(
            feature,
            (file, _, now) => RuntimeTransitions.Resume(file, now, actor, reason),
            (before, after, now) => Describe(EventKinds.Resume, before, after, now));

    /// <summary>
    /// Emergency: every feature that still uses v3 sends every user to v3, always-v4 testers
    /// included (complete features are left alone: v3 no longer serves them). Holds over file
    /// edits until each feature is resumed, which restores exactly what rollout.json says.
    /// </summary>
    /// <returns>The features changed; in a fleet whose store is unreachable, why nothing was (rolling back on one replica only is no rollback).</returns>
    public async Task<(IReadOnlyList<FeatureRuntimeState> Changed, string? Unavailable)> RollbackAllAsync(string actor, string? reason)
    {
        var why = string.IsNullOrWhiteSpace(reason) ? "emergency rollback of all features to v3" : reason;
        var changed = new List<FeatureRuntimeState>();
        foreach (var view in runtime.View.Features)
        {
            if (view.State.Stage == RolloutStage.Complete)
            {
                continue;
            }

            var result = await runtime.ChangeAsync(
                view.Name,
                (_, current, now) => RuntimeTransitions.RollBack(current, now, actor, why),
                (before, after, now) => Describe(EventKinds.RollbackAll, before, after, now));
            if (result.State is { } updated)
            {
                changed.Add(updated);
            }
            else if (result.Unavailable)
            {
                return (changed, result.Error);
            }
        }

        return (changed, null);
    }

    private static Func<long, RolloutEvent> Describe(string kind, FeatureRuntimeState before, FeatureRuntimeState after, DateTimeOffset now) =>
        id => new RolloutEvent(id, now, after.Feature, kind, before.Percentage.Value, after.Percentage.Value, after.Reason, after.Actor, null);
}
