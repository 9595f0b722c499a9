using System.Globalization;
using Strangler.Gateway.State;

namespace Strangler.Gateway.Guard;

/// <summary>
/// The guard state that status, metrics and the dashboard report: the latest verdict, except
/// while a guard revert holds, which is reported as <see cref="GuardState.Reverted"/> with the rule
/// that fired for as long as it holds (a verdict alone would say "insufficient_data" a second after
/// the revert, when the evidence restarts).
/// </summary>
/// <param name="Rule">The rule that reverted the feature, or the latest verdict's breached rule.</param>
internal sealed record GuardReport(GuardState State, string Detail, string? Rule)
{
    public static GuardReport From(GuardVerdict verdict, FeatureRuntimeState? state)
    {
        if (state is not { Mode: RuntimeMode.Reverted } reverted)
        {
            return new GuardReport(verdict.State, verdict.Detail, verdict.Breach?.Rule.ToName());
        }

        var since = reverted.ChangedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var rule = reverted.Rule ?? verdict.Breach?.Rule.ToName();
        return new GuardReport(
            GuardState.Reverted,
            $"reverted to {reverted.Percentage} % by {rule ?? "the guard"} at {since}; holds until resume or a new revision of the feature. Latest evaluation: {verdict.Detail}",
            rule);
    }

    /// <summary>The reported state alone, for the metrics gauge; null before the guard's first evaluation.</summary>
    public static GuardState? StateOf(GuardVerdict? verdict, FeatureRuntimeState? state) =>
        verdict is null ? null : state?.Mode == RuntimeMode.Reverted ? GuardState.Reverted : verdict.State;
}
