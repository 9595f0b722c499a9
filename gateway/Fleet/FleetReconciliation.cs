using Strangler.Gateway.State;

namespace Strangler.Gateway.Fleet;

/// <summary>What a replica does with a revert it applied alone while the store was unreachable, once the store answers again (pure).</summary>
internal static class FleetReconciliation
{
    /// <summary>
    /// A local revert beats a higher percentage in the store (the store's value is stale: it was
    /// set before the revert, or by replicas that did not see the failure); a store value at or
    /// below the revert (another replica reverted too, or further) is taken as it is.
    /// </summary>
    public static bool KeepLocalRevert(FeatureRuntimeState local, FeatureRuntimeState shared) =>
        local.Mode == RuntimeMode.Reverted && local.Percentage < shared.Percentage;

    /// <summary>What a replica may apply alone while the store is unreachable: a guard revert (the safe direction) only.</summary>
    public static bool AllowedLocally(FeatureRuntimeState before, FeatureRuntimeState after) =>
        after.Mode == RuntimeMode.Reverted && after.Percentage < before.Percentage;
}
