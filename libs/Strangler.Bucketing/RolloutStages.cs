using System.Collections.Immutable;

namespace Strangler.Bucketing;

/// <summary>The stages' names as rollout.json, the state file, the management API, metrics and logs spell them.</summary>
public static class RolloutStages
{
    /// <summary>Every stage's name, in migration order.</summary>
    public static ImmutableArray<string> Names { get; } = [.. Enum.GetValues<RolloutStage>().Select(ToName)];

    public static string ToName(this RolloutStage stage) => stage switch
    {
        RolloutStage.Disabled => "disabled",
        RolloutStage.Testing => "testing",
        RolloutStage.Partial => "partial",
        RolloutStage.Full => "full",
        RolloutStage.Complete => "complete",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "unknown rollout stage"),
    };

    /// <summary>Parses a stage name exactly as <see cref="ToName"/> spells it (lower case).</summary>
    public static bool TryParse(string? name, out RolloutStage stage)
    {
        foreach (var candidate in Enum.GetValues<RolloutStage>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.Ordinal))
            {
                stage = candidate;
                return true;
            }
        }

        stage = RolloutStage.Disabled;
        return false;
    }
}
