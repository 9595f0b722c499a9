using System.Collections.Frozen;

namespace Strangler.Bucketing;

/// <summary>
/// Everything needed to decide v3 or v4 for one feature: the stage, the share in force, the
/// cohort that salts the bucket hash, and the per-user overrides. Immutable.
/// </summary>
public sealed record RolloutRule(
    RolloutStage Stage,
    Percentage Percentage,
    string Cohort,
    FrozenSet<string> AlwaysV4,
    FrozenSet<string> NeverV4)
{
    public static FrozenSet<string> NoUsers { get; } = FrozenSet<string>.Empty;
}
