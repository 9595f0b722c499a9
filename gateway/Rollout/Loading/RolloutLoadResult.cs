using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Rollout.Loading;

internal sealed record RolloutLoadResult(RolloutSnapshot? Snapshot, string? ContentHash, ImmutableArray<RolloutError> Errors, ImmutableArray<RolloutError> Warnings);
