using System.Text.Json.Serialization;

namespace Strangler.Gateway.State;

/// <summary>The on-disk shape of the runtime state (rollout.state.json). Version 1.</summary>
internal sealed record PersistedState(int Version, DateTimeOffset SavedAt, IReadOnlyList<PersistedFeature> Features)
{
    public const int CurrentVersion = 1;
}

internal sealed record PersistedFeature(
    string Feature,
    string FileRevision,
    string Mode,
    bool Paused,
    string Stage,
    decimal Percentage,
    DateTimeOffset ChangedAt,
    string Reason,
    string Actor);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(PersistedState))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
