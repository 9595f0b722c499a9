using System.Text.Json.Serialization;

namespace Strangler.Gateway.State;

/// <summary>
/// The on-disk shape of the runtime state (rollout.state.json). Version 2 records feature revisions
/// as <see cref="Rollout.Loading.FeatureRevision"/> hashes, the rolled_back mode and the rule of a
/// revert; version 1 (text revisions) is still read.
/// </summary>
internal sealed record PersistedState(int Version, DateTimeOffset SavedAt, IReadOnlyList<PersistedFeature> Features)
{
    public const int CurrentVersion = 2;

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

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PersistedState))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
