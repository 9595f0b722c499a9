using System.Collections.Immutable;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Rollout.Model;

/// <summary>
/// Shadow traffic for one feature, "defaults.shadow" and the feature's own "shadow" merged over the
/// built-in defaults: which share of v3-served reads is mirrored to v4, how the answers are compared,
/// and the parity gate. Not part of the feature's revision: it does not change who is served by what.
/// </summary>
/// <param name="SamplePercent">Share of v3-served GET and HEAD requests mirrored to v4, 0..100 in 0.01 steps; 0 mirrors nothing.</param>
/// <param name="Ignore">Paths left out of the body comparison.</param>
/// <param name="MaxInFlight">Shadow calls running at once for this feature; a sample beyond it is skipped and counted.</param>
/// <param name="MaxBodyBytes">How much of each body is kept for the comparison.</param>
/// <param name="NoiseCheckPercent">Share of sampled requests for which v3 is asked twice to learn which paths differ anyway.</param>
/// <param name="MaxDiffPercent">The parity gate: auto-advance waits until the diff rate's upper bound is below this; null: no gate.</param>
/// <param name="MinComparisons">Comparisons since the last change before parity can hold.</param>
/// <param name="Timeout">How long a shadow call may take before it counts as a v4 error.</param>
internal sealed record ShadowPolicy(
    double SamplePercent,
    ImmutableArray<JsonPathPattern> Ignore,
    int MaxInFlight,
    int MaxBodyBytes,
    double NoiseCheckPercent,
    double? MaxDiffPercent,
    int MinComparisons,
    TimeSpan Timeout);
