using Strangler.Bucketing;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Guard;

/// <summary>
/// Progression as a pure function: advance to the next step above the current percentage (capped
/// at max_percentage) only when auto-advance is on, the feature follows the file or earlier
/// advances (not reverted, forced or paused), it is in stage partial, the step interval has passed
/// since the last change, and the guard calls it healthy.
/// </summary>
internal static class StepPlanner
{
    public static Percentage? Next(FeatureConfig file, FeatureRuntimeState state, GuardState verdict, DateTimeOffset now)
    {
        if (!file.AutoAdvance
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
