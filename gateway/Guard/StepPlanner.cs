using Strangler.Bucketing;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Guard;

/// <summary>
/// Progression as a pure function: advance to the next step above the current percentage (capped
/// at max_percentage) only when auto-advance is on, the feature follows the file or earlier
/// advances (not reverted, forced or paused), it is in stage partial, the step interval has passed
/// since the last change, the guard calls it healthy, and shadow parity (when the feature has a
/// max_diff_percent) holds.
/// </summary>
internal static class StepPlanner
{
    /// <param name="parityAllows">False while the feature's shadow parity is collecting or failing.</param>
    public static Percentage? Next(FeatureConfig file, FeatureRuntimeState state, GuardState verdict, DateTimeOffset now, bool parityAllows = true)
    {
        if (!file.AutoAdvance
            || !parityAllows
            || state.Paused
            || state.Mode is not (RuntimeMode.File or RuntimeMode.Advanced)
            || state.Stage != RolloutStage.Partial
            || verdict != GuardState.Healthy
            || now - state.ChangedAt < file.StepInterval
            || state.Percentage >= file.MaxPercentage)
        {
            return null;
        }

        foreach (var step in file.Steps)
        {
            if (step > state.Percentage)
            {
                return step < file.MaxPercentage ? step : file.MaxPercentage;
            }
        }

        return file.MaxPercentage;
    }
}
