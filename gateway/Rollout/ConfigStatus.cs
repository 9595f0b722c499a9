using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Loading;

namespace Strangler.Gateway.Rollout;

/// <summary>
/// The configuration's health as status and metrics report it. <see cref="CurrentError"/> is set
/// while the newest revision on disk is invalid (the previous good one keeps serving) and cleared
/// when a valid revision is applied.
/// </summary>
internal sealed record ConfigStatus(
    DateTimeOffset? AppliedAt,
    long Applied,
    long Rejected,
    ConfigFailure? CurrentError)
{
    public static ConfigStatus Initial { get; } = new(null, 0, 0, null);
}

/// <param name="ContentHash">Hash of the rejected bytes, or null when the file could not be read.</param>
internal sealed record ConfigFailure(string? ContentHash, DateTimeOffset At, ImmutableArray<RolloutError> Errors);
