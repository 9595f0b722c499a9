namespace Strangler.Bucketing;

/// <summary>
/// The routing decision as a pure function of a rule and a user id. Order: stage gates first
/// (disabled, complete), then never-v4, then always-v4, then the stage's own rule. A user listed in
/// never-v4 stays on v3 even in the full stage; only complete ignores it (v3 is retired then).
/// </summary>
public static class RolloutEvaluator
{
    /// <param name="rule">The feature's rule in force.</param>
    /// <param name="userId">The resolved user id, or null for an anonymous request.</param>
    public static RolloutDecision Evaluate(RolloutRule rule, string? userId)
    {
        switch (rule.Stage)
        {
            case RolloutStage.Disabled:
                return new(false, DecisionReason.StageDisabled, RolloutDecision.NoBucket);
            case RolloutStage.Complete:
                return new(true, DecisionReason.StageComplete, RolloutDecision.NoBucket);
        }

        if (userId is null)
        {
            return rule.Stage == RolloutStage.Full
                ? new(true, DecisionReason.StageFull, RolloutDecision.NoBucket)
                : new(false, DecisionReason.Anonymous, RolloutDecision.NoBucket);
        }

        if (rule.NeverV4.Contains(userId))
        {
            return new(false, DecisionReason.NeverV4, RolloutDecision.NoBucket);
        }

        if (rule.AlwaysV4.Contains(userId))
        {
            return rule.Stage == RolloutStage.Testing
                ? new(true, DecisionReason.TestingAlwaysV4, RolloutDecision.NoBucket)
                : new(true, DecisionReason.AlwaysV4, RolloutDecision.NoBucket);
        }

        switch (rule.Stage)
        {
            case RolloutStage.Testing:
                return new(false, DecisionReason.TestingNotListed, RolloutDecision.NoBucket);
            case RolloutStage.Full:
                return new(true, DecisionReason.StageFull, RolloutDecision.NoBucket);
        }

        var bucket = Bucket.Compute(rule.Cohort, userId);
        return bucket < rule.Percentage.BasisPoints
            ? new(true, DecisionReason.BucketIn, bucket)
            : new(false, DecisionReason.BucketOut, bucket);
    }
}
