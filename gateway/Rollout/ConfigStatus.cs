using System.Collections.Immutable;
using Strangler.Gateway.Rollout.Loading;

namespace Strangler.Gateway.Rollout;

/// <summary>
/// The configuration's health as status and metrics report it. <see cref="CurrentError"/> is set
/// while the newest revision on disk is invalid (the previous good one keeps serving) and cleared
/// when a valid revision is applied. <see cref="Recent"/> holds the last
/// <see cref="HistoryCapacity"/> applies and rejections, oldest first, for the dashboard's timeline.
/// </summary>
internal sealed record ConfigStatus(
    DateTimeOffset? AppliedAt,
    long Applied,
    long Rejected,
    ConfigFailure? CurrentError)
{
    public const int HistoryCapacity = 50;

    public static ConfigStatus Initial { get; } = new(null, 0, 0, null);

    public ImmutableArray<ConfigChange> Recent { get; init; } = [];

    /// <summary>The status after a valid revision was put in force.</summary>
    public ConfigStatus WithApplied(DateTimeOffset at, string? revision) => this with
    {
        AppliedAt = at,
        Applied = Applied + 1,
        CurrentError = null,
        Recent = Append(new ConfigChange(at, ConfigChange.AppliedKind, revision, null, 0)),
    };

    /// <summary>The status after an invalid revision was refused (the one in force keeps serving).</summary>
    public ConfigStatus WithRejected(ConfigFailure failure) => this with
    {
        Rejected = Rejected + 1,
        CurrentError = failure,
        Recent = Append(new ConfigChange(
            failure.At,
            ConfigChange.RejectedKind,
            failure.ContentHash?[..Math.Min(12, failure.ContentHash.Length)],
            failure.Errors.IsDefaultOrEmpty ? null : failure.Errors[0].Message,
            failure.Errors.IsDefault ? 0 : failure.Errors.Length)),
    };

    private ImmutableArray<ConfigChange> Append(ConfigChange change) =>
        (Recent.Length >= HistoryCapacity ? Recent.RemoveAt(0) : Recent).Add(change);
}

/// <param name="ContentHash">Hash of the rejected bytes, or null when the file could not be read.</param>
internal sealed record ConfigFailure(string? ContentHash, DateTimeOffset At, ImmutableArray<RolloutError> Errors);

/// <summary>One rollout.json revision applied or rejected.</summary>
/// <param name="Kind">"applied" or "rejected".</param>
/// <param name="Revision">The revision's short hash (null when the file could not be read).</param>
/// <param name="Error">A rejection's first problem.</param>
/// <param name="ErrorCount">How many problems the rejected revision had.</param>
internal sealed record ConfigChange(DateTimeOffset At, string Kind, string? Revision, string? Error, int ErrorCount)
{
    public const string AppliedKind = "applied";
    public const string RejectedKind = "rejected";
}
