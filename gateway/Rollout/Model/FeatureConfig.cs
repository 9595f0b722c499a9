using System.Collections.Frozen;
using System.Collections.Immutable;
using Strangler.Bucketing;

namespace Strangler.Gateway.Rollout.Model;

/// <summary>
/// One migrated area (e.g. api_v4_restaurants) as ops want it, with file defaults already merged in.
/// </summary>
/// <param name="Routes">Client-facing path prefixes and where each maps on v4.</param>
/// <param name="Steps">Progression steps, strictly increasing, each in (0, 100].</param>
/// <param name="MaxPercentage">Auto-advance never goes beyond this.</param>
/// <param name="Failover">Retry idempotent requests that v4 failed on v3.</param>
/// <param name="Revision">
/// Hash of the bound, effective configuration (<see cref="Loading.FeatureRevision"/>): changes only
/// when a value in force for this feature changes, never with comments or formatting.
/// </param>
/// <param name="TextRevision">The revision as state files of version 1 recorded it (<see cref="Loading.TextRevision"/>).</param>
/// <param name="Shadow">
/// Shadow traffic settings; null when neither "defaults" nor the feature has a "shadow" block, and in
/// stage complete (no user is on v3). Deliberately not part of <paramref name="Revision"/>: sampling
/// and comparison settings do not change routing, so changing them never ends a revert.
/// </param>
internal sealed record FeatureConfig(
    string Name,
    string? Description,
    ImmutableArray<RouteMapping> Routes,
    RolloutStage Stage,
    Percentage Percentage,
    string Cohort,
    FrozenSet<string> AlwaysV4,
    FrozenSet<string> NeverV4,
    ImmutableArray<Percentage> Steps,
    Percentage MaxPercentage,
    TimeSpan StepInterval,
    bool AutoAdvance,
    bool Failover,
    GuardPolicy Guard,
    string Revision,
    string TextRevision,
    ShadowPolicy? Shadow = null);

/// <param name="Path">Client-facing prefix, e.g. /api/restaurants: matches it and everything below it.</param>
/// <param name="V4Path">The prefix it is rewritten to on v4, e.g. /api/v4/restaurants.</param>
internal sealed record RouteMapping(string Path, string V4Path);
