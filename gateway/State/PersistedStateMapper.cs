using Strangler.Bucketing;

namespace Strangler.Gateway.State;

/// <summary>Converts runtime state to and from its persisted shape, rejecting anything out of range.</summary>
internal static class PersistedStateMapper
{
    public static PersistedFeature ToPersisted(FeatureRuntimeState s) => new(
        s.Feature, s.FileRevision, s.Mode.ToName(), s.Paused, s.Stage.ToName(),
        s.Percentage.Value, s.ChangedAt, s.Reason, s.Actor, s.Rule);

    /// <summary>Returns null and an error message when the entry is not usable.</summary>
    public static FeatureRuntimeState? FromPersisted(PersistedFeature p, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(p.Feature) || string.IsNullOrEmpty(p.FileRevision))
        {
            error = "an entry lacks feature or file_revision";
        }
        else if (!RuntimeModes.TryParse(p.Mode, out var mode))
        {
            error = $"feature {p.Feature}: unknown mode '{p.Mode}'";
        }
        else if (!RolloutStages.TryParse(p.Stage, out var stage))
        {
            error = $"feature {p.Feature}: unknown stage '{p.Stage}'";
        }
        else if (!Percentage.TryFromPercent(p.Percentage, out var percentage))
        {
            error = $"feature {p.Feature}: percentage {p.Percentage} is not 0..100 with two decimals";
        }
        else
        {
            return new FeatureRuntimeState(p.Feature, p.FileRevision, mode, p.Paused, stage, percentage, p.ChangedAt, p.Reason ?? string.Empty, p.Actor ?? string.Empty, p.Rule);
        }

        return null;
    }
}
