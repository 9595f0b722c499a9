using System.Collections.Frozen;
using Strangler.Bucketing;
using Strangler.Gateway.Rollout.Loading;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Tests.State;

/// <summary>FeatureConfig values for tests of the runtime state and the guard.</summary>
internal static class Features
{
    public static FeatureConfig Partial(decimal percent, string revision = "rev-1") => new(
        "api_v4_restaurants",
        null,
        [new RouteMapping("/api/restaurants", "/api/v4/restaurants")],
        RolloutStage.Partial,
        Percentage.FromPercent(percent),
        "strangler",
        FrozenSet<string>.Empty,
        FrozenSet<string>.Empty,
        BuiltInDefaults.Steps,
        Percentage.Hundred,
        TimeSpan.FromHours(24),
        AutoAdvance: false,
        Failover: true,
        BuiltInDefaults.Guard,
        revision,
        "text-" + revision);
}
