namespace Strangler.Bucketing.FeatureManagement;

/// <summary>
/// The evaluation context for <see cref="RolloutFilter"/>: who is asking, and (after evaluation)
/// the full decision, since FeatureManagement itself only returns a bool.
/// </summary>
public sealed class RolloutSubject
{
    public RolloutSubject(string? userId) => UserId = userId;

    /// <summary>The resolved user id, or null for an anonymous request.</summary>
    public string? UserId { get; set; }

    /// <summary>Set by <see cref="RolloutFilter"/> when the feature is evaluated.</summary>
    public RolloutDecision Decision { get; set; }
}
