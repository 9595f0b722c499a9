using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Strangler.Gateway.Rollout.Model;

/// <summary>
/// One validated revision of rollout.json: what ops want. Immutable; a reload builds a new one and
/// swaps the reference.
/// </summary>
/// <param name="SourcePath">The file it was read from.</param>
/// <param name="ContentHash">Lower-case hex SHA-256 of the file bytes; identifies the revision.</param>
/// <param name="Features">Features in file order.</param>
internal sealed record RolloutSnapshot(
    string SourcePath,
    string ContentHash,
    BackendsConfig Backends,
    IdentityConfig Identity,
    ImmutableArray<FeatureConfig> Features)
{
    public FrozenDictionary<string, FeatureConfig> FeaturesByName { get; } =
        Features.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>First 12 hex digits of the content hash, for humans and logs.</summary>
    public string ShortRevision => ContentHash[..Math.Min(12, ContentHash.Length)];
}
