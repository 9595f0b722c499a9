using System.Text.Json.Serialization;

namespace Strangler.Gateway.State;

/// <summary>
/// The on-disk shape of the runtime state (rollout.state.json). Version 2 records feature revisions
/// as <see cref="Rollout.Loading.FeatureRevision"/> hashes, the rolled_back mode and the rule of a
/// revert; version 3 adds each feature's history of ended steps (the rollout report's figures).
/// Versions 1 (text revisions) and 2 (no history) are still read.
/// </summary>
internal sealed record PersistedState(int Version, DateTimeOffset SavedAt, IReadOnlyList<PersistedFeature> Features, IReadOnlyList<PersistedHistory>? History = null)
{
    public const int CurrentVersion = 3;

    /// <summary>Feature revisions are hashes, no step history.</summary>
    public const int NoHistoryVersion = 2;

    /// <summary>Feature revisions were <see cref="Rollout.Loading.TextRevision"/> hashes.</summary>
    public const int TextRevisionVersion = 1;
}

/// <param name="Rule">Version 2: the guard rule of a revert in force; absent otherwise.</param>
internal sealed record PersistedFeature(
    string Feature,
    string FileRevision,
    string Mode,
    bool Paused,
    string Stage,
    decimal Percentage,
    DateTimeOffset ChangedAt,
    string Reason,
    string Actor,
    string? Rule = null);

/// <summary>Version 3: one feature's ended steps, oldest first.</summary>
internal sealed record PersistedHistory(string Feature, IReadOnlyList<Reporting.StepRecord> Steps);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PersistedState))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
