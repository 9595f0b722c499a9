namespace Strangler.Bucketing.FeatureManagement;

/// <summary>The evaluation context for <see cref="RolloutFilter"/>: who is asking.</summary>
/// <remarks>
/// FeatureManagement answers with a bool (enabled: serve from v4). Code that needs the whole
/// decision (reason, bucket) calls <see cref="RolloutEvaluator.Evaluate"/>, which the filter runs.
/// </remarks>
public sealed class RolloutSubject(string? userId)
{
    /// <summary>The resolved user id, or null for an anonymous request.</summary>
    public string? UserId { get; } = userId;
}
