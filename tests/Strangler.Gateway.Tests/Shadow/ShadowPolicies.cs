using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Model;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

/// <summary>Shadow settings for tests: the built-in defaults with what a test changes.</summary>
internal static class ShadowPolicies
{
    public static ShadowPolicy Default(double? maxDiffPercent = null, int minComparisons = 500, ImmutableArray<JsonPathPattern>? ignore = null) =>
        new(5, ignore ?? [], 32, 262_144, 1, maxDiffPercent, minComparisons, TimeSpan.FromSeconds(2));
}
