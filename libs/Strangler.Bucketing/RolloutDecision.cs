namespace Strangler.Bucketing;

/// <summary>The outcome of evaluating a rule for one user. <see cref="Bucket"/> is -1 when none was computed.</summary>
public readonly record struct RolloutDecision(bool UseV4, DecisionReason Reason, int Bucket)
{
    public const int NoBucket = -1;
}
