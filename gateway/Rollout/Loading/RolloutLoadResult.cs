using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>Either a valid snapshot (possibly with warnings) or every error found.</summary>
/// <param name="ContentHash">SHA-256 of the file bytes; null when the file could not be read.</param>
internal sealed record RolloutLoadResult(
    RolloutSnapshot? Snapshot,
    string? ContentHash,
    ImmutableArray<RolloutError> Errors,
    ImmutableArray<RolloutError> Warnings)
{
    public bool IsValid => Snapshot is not null;
}
